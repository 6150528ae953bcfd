package io.connectbyname.bench;

import io.connectbyname.Services;
import java.net.UnknownServiceException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Warm service-name lookups: {@code Services.system().port("postgresql")} once the table is
 * loaded (target ≤ 1 µs), and a decimal port for comparison. The cold first lookup in a fresh JVM
 * (target ≤ 5 ms) is StartupHarness's job.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServicesBench {
  private String name = "postgresql";
  private String decimal = "5432";

  @Benchmark
  public int warmName() throws UnknownServiceException {
    return Services.system().port(name);
  }

  @Benchmark
  public int warmDecimal() throws UnknownServiceException {
    return Services.system().port(decimal);
  }
}
