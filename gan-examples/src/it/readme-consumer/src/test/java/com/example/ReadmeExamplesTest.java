package com.example;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Runs the README's examples as a program would: {@link ReadmeExamples#main} fails unless both really trained. */
class ReadmeExamplesTest {

    @Test
    void theReadmeExamplesCompileAndTrain() throws IOException {
        ReadmeExamples.main(new String[] {System.getProperty("mnist.dir")});
    }
}
