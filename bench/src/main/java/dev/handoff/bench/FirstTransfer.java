package dev.handoff.bench;

import java.time.Instant;

/**
 * The start-up probe, run by {@link LoadRunner} in a fresh JVM: builds one client, sends one warm
 * transfer, and prints {@code DONE <epoch microseconds>} the moment the answer arrived. The runner
 * subtracts the wall clock it read just before starting this JVM.
 */
public final class FirstTransfer {
  private FirstTransfer() {}

  /**
   * Sends one transfer.
   *
   * @param args the target's name and the fixed-answer server's port
   * @throws Exception if the transfer failed
   */
  public static void main(String[] args) throws Exception {
    Target target = Targets.create(args[0], Integer.parseInt(args[1]));
    target.send();
    Instant done = Instant.now();
    System.out.println("DONE " + (done.getEpochSecond() * 1_000_000L + done.getNano() / 1_000));
    System.out.flush();
    target.close();
    System.exit(0);
  }
}
