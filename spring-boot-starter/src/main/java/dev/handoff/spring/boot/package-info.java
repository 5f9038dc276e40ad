/**
 * Spring Boot 4 auto-configuration of Handoff: {@link
 * dev.handoff.spring.boot.HandoffAutoConfiguration} makes a {@code Handoff} bean from the {@code
 * handoff.*} properties ({@link dev.handoff.spring.boot.HandoffProperties}), over the transport on
 * the class path; the other auto-configurations add Micrometer observations, the callback verifier
 * and a health indicator when their libraries are there. See {@code docs/spring-boot.md}.
 */
@NullMarked
package dev.handoff.spring.boot;

import org.jspecify.annotations.NullMarked;
