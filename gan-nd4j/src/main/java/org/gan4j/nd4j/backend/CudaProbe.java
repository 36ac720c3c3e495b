package org.gan4j.nd4j.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cusolver;
import org.bytedeco.javacpp.Loader;

/**
 * Asks the CUDA runtime, through JavaCPP's bindings (which ND4J's CUDA backend depends on), whether ND4J's CUDA
 * backend can run here: a driver, at least one device, cuBLAS and cuSOLVER, and a supported compute capability on
 * every visible device. Loaded only when a CUDA backend is on the classpath. After a failed probe, the CUDA runtime
 * is unusable in this JVM; that is why the probe runs only to decide to hide CUDA.
 */
final class CudaProbe {

    private CudaProbe() {
    }

    /** The devices found, e.g. {@code ["0: compute capability 8.6"]}, or the reason CUDA cannot run. */
    record Result(List<String> devices, Optional<String> problem) {
    }

    static Result probe() {
        int[] count = new int[1];
        try {
            int status = cudart.cudaGetDeviceCount(count);
            if (status != 0) {
                return failed("cudaGetDeviceCount failed: " + errorName(status));
            }
        } catch (Throwable e) {
            return failed("the CUDA runtime cannot be loaded (" + e + "); is an NVIDIA driver installed?");
        }
        if (count[0] <= 0) {
            return failed("no CUDA device is visible");
        }
        try {
            Loader.load(cublas.class);
            Loader.load(cusolver.class);
        } catch (Throwable e) {
            return failed("cuBLAS or cuSOLVER (CUDA 11.x) cannot be loaded (" + e + "); add "
                    + "org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist or install CUDA 11");
        }
        List<String> devices = new ArrayList<>();
        for (int d = 0; d < count[0]; d++) {
            int[] major = new int[1];
            int[] minor = new int[1];
            int s1 = cudart.cudaDeviceGetAttribute(major, cudart.cudaDevAttrComputeCapabilityMajor, d);
            int s2 = cudart.cudaDeviceGetAttribute(minor, cudart.cudaDevAttrComputeCapabilityMinor, d);
            if (s1 != 0 || s2 != 0) {
                return failed("cannot read the compute capability of device " + d + ": " + errorName(s1 != 0 ? s1
                        : s2));
            }
            devices.add(d + ": compute capability " + major[0] + "." + minor[0]);
            if (!CudaArchitectures.isSupported(major[0], minor[0])) {
                return new Result(devices, Optional.of("device " + d + " has compute capability " + major[0] + "."
                        + minor[0] + ", which ND4J 1.0.0-M2.1's CUDA build cannot run (it supports "
                        + CudaArchitectures.describe() + ")"));
            }
        }
        return new Result(devices, Optional.empty());
    }

    private static Result failed(String problem) {
        return new Result(List.of(), Optional.of(problem));
    }

    private static String errorName(int status) {
        try {
            return cudart.cudaGetErrorString(status).getString() + " (" + status + ")";
        } catch (Throwable e) {
            return "error " + status;
        }
    }
}
