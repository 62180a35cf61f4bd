package io.github.tokenvalidator.spring.boottests;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An empty application, for tests of start-up. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupProbe {}
