/** An application module that uses Handoff's Vert.x transport, tried against the testkit's fake. */
module com.example.transfers {
  requires dev.handoff.vertx;
  requires dev.handoff.testkit;
}
