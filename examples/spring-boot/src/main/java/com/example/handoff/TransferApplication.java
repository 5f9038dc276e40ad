package com.example.handoff;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Handoff's bean comes from handoff-spring-boot-starter and the handoff.* properties. */
@SpringBootApplication
public class TransferApplication {
  public static void main(String[] args) {
    SpringApplication.run(TransferApplication.class, args);
  }
}
