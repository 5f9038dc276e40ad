package com.example.handoff;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TransferApplication {
  public static void main(String[] args) {
    SpringApplication.run(TransferApplication.class, args);
  }
}
