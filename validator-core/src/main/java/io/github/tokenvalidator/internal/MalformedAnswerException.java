package io.github.tokenvalidator.internal;

import java.io.IOException;

/** The authorization server's answer could not be read; the message never quotes the answer. */
final class MalformedAnswerException extends IOException {
  private static final long serialVersionUID = 1L;

  MalformedAnswerException(String message) {
    super(message);
  }
}
