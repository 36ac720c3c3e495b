package org.gan4j.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.Mnist;
import org.gan4j.io.Checkpoints;

/**
 * Paths of a Spark run that may live on any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file:/},
 * ...): a path with a URI scheme is opened through Hadoop's {@link FileSystem} with the job's {@code spark.hadoop.*}
 * settings; a path without one is a local path, read and written directly. The training itself reads and writes
 * local files: a task copies the dataset's files and the checkpoint it resumes from into a local directory, and rank
 * 0 copies its checkpoints out as they are written ({@link CheckpointUpload}).
 */
final class HadoopPaths {

    private HadoopPaths() {
    }

    /** {@return whether {@code path} names a Hadoop file system (a URI with a scheme of two or more letters)} */
    static boolean isUri(String path) {
        int colon = path.indexOf(':');
        // two letters at least, so that a Windows drive ("C:\\data") stays a local path
        return colon >= 2 && path.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    }

    /** The Hadoop configuration of the running job: Hadoop's defaults and site files, then {@code spark.hadoop.*}. */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (scala.Tuple2<String, String> kv : env.conf().getAll()) {
                if (kv._1().startsWith("spark.hadoop.")) {
                    conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
                }
            }
        }
        return conf;
    }

    /**
     * MNIST's IDX files from {@code dir}: read where they are if {@code dir} is local, else copied into
     * {@code scratch} first (the IDX files directly in it, names with {@code -idx}) and named by their address on
     * the Hadoop file system, so that checkpoints and provenance name the same data on every executor.
     *
     * @throws IOException naming {@code dir} if it cannot be listed, copied or read
     */
    static ImageDataset loadMnist(String dir, Path scratch) throws IOException {
        if (!isUri(dir)) {
            return Mnist.load(Path.of(dir));
        }
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(URI.create(dir));
        Path local;
        try {
            FileSystem fs = remote.getFileSystem(configuration());
            local = Files.createDirectories(scratch.resolve("data"));
            for (FileStatus file : fs.listStatus(remote)) {
                if (file.isFile() && file.getPath().getName().contains("-idx")) {
                    fs.copyToLocalFile(false, file.getPath(),
                            new org.apache.hadoop.fs.Path(local.resolve(file.getPath().getName()).toUri()), true);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot copy the dataset directory " + dir + ": " + e.getMessage(), e);
        }
        ImageDataset copy = Mnist.load(local);
        return copy.withName(new org.apache.hadoop.fs.Path(remote, Path.of(copy.name()).getFileName().toString())
                .toString());
    }

    /**
     * The local copy of a checkpoint file: {@code file} itself if it is local, else a copy in {@code scratch}.
     *
     * @throws IOException naming {@code file} if it cannot be copied
     */
    static Path localFile(String file, Path scratch) throws IOException {
        if (!isUri(file)) {
            return Path.of(file);
        }
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(URI.create(file));
        try {
            Path local = Files.createDirectories(scratch.resolve("resume")).resolve(remote.getName());
            remote.getFileSystem(configuration()).copyToLocalFile(false, remote,
                    new org.apache.hadoop.fs.Path(local.toUri()), true);
            return local;
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot copy the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoints in a directory, lowest step first, as the paths or URIs to give {@link #localFile}; empty if
     * there are none or the directory does not exist.
     *
     * @throws IOException if a Hadoop directory cannot be listed
     */
    static List<String> checkpoints(String dir) throws IOException {
        if (!isUri(dir)) {
            return Checkpoints.list(Path.of(dir)).stream().map(Path::toString).toList();
        }
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(URI.create(dir));
        FileSystem fs = remote.getFileSystem(configuration());
        if (!fs.exists(remote)) {
            return List.of();
        }
        List<FileStatus> found = new ArrayList<>();
        for (FileStatus file : fs.listStatus(remote)) {
            if (file.isFile() && Checkpoints.step(Path.of(file.getPath().getName())) >= 0) {
                found.add(file);
            }
        }
        found.sort(Comparator.comparingLong(f -> Checkpoints.step(Path.of(f.getPath().getName()))));
        return found.stream().map(f -> f.getPath().toString()).toList();
    }
}
