/**
 * Synchronous data-parallel GAN training on Apache Spark: one barrier stage whose tasks are the workers, addresses
 * exchanged once through Spark, then a TCP ring ({@link org.gan4j.spark.RingAllReduce}) all-reduces the gradients
 * of every step.
 */
package org.gan4j.spark;
