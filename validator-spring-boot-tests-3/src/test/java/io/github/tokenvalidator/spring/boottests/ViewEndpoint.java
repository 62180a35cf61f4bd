package io.github.tokenvalidator.spring.boottests;

import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /public/view/**}: what the starter's view of a request ({@link BearerTokenFilter#requestView})
 * shows, and the URI the application's validator makes of it, as {@code key=value} lines. Without TLS in
 * these tests, a filter stands in for the connector: on {@code X-Test-Client-Certificate: present} it sets
 * the Servlet request attribute a TLS connector sets (the servlet module's tests use real TLS).
 */
@Configuration(proxyBeanMethods = false)
@Import(ViewEndpoint.Endpoint.class)
class ViewEndpoint {
  /** A self-signed certificate for {@code CN=bank-client}; only its public part, no key. */
  static final String CLIENT_CERTIFICATE = """
      -----BEGIN CERTIFICATE-----
      MIIBgzCCASmgAwIBAgIUejTuEgIft7FNnCFYR5S8+o9nwpQwCgYIKoZIzj0EAwIw
      FjEUMBIGA1UEAwwLYmFuay1jbGllbnQwIBcNMjYxMjA3MDAwODExWhgPMjEyNjEx
      MTMwMDA4MTFaMBYxFDASBgNVBAMMC2JhbmstY2xpZW50MFkwEwYHKoZIzj0CAQYI
      KoZIzj0DAQcDQgAESF64JUXR3Y8ksXk9Ys0NMlAwqBK5pK5vMx+h7Aeo+sh8AgWZ
      f7PcGamUJ31gLgne52Cne5Iv1FfvyPeRG0QXZKNTMFEwHQYDVR0OBBYEFApU9eAk
      oRuOLcrtTJCIiLZ+I8zQMB8GA1UdIwQYMBaAFApU9eAkoRuOLcrtTJCIiLZ+I8zQ
      MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhALTLyRr6rffI3qO1
      M3XUH1CdWZVUSROM/AJ+z8vkLhprAiB8iQEoWbmm+I9vZeYCoe30DsgSNNH7ahb1
      2bjreuXm9w==
      -----END CERTIFICATE-----
      """;

  @Bean
  Filter clientCertificateStandIn() throws CertificateException {
    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(CLIENT_CERTIFICATE.getBytes(StandardCharsets.US_ASCII)));
    return (request, response, chain) -> {
      if ("present".equals(((HttpServletRequest) request).getHeader("X-Test-Client-Certificate"))) {
        request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] {certificate});
      }
      chain.doFilter(request, response);
    };
  }

  @RestController
  static class Endpoint {
    private final TokenValidator validator;

    Endpoint(TokenValidator validator) {
      this.validator = validator;
    }

    @RequestMapping("/public/view/**")
    String view(HttpServletRequest request) {
      RequestView view = BearerTokenFilter.requestView(request);
      StringBuilder out = new StringBuilder();
      line(out, "method", view.method());
      line(out, "scheme", view.scheme());
      line(out, "host", view.host());
      line(out, "port", String.valueOf(view.port()));
      line(out, "path", view.path());
      line(out, "rawQuery", view.rawQuery());
      line(out, "remoteAddress", view.remoteAddress());
      for (String value : view.headers("authorization")) {
        line(out, "authorization", value);
      }
      for (X509Certificate certificate : view.clientCertificates()) {
        line(out, "certificate", certificate.getSubjectX500Principal().getName());
      }
      line(out, "requestUri", validator.requestUri(view).toString());
      return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
      out.append(key).append('=').append(value).append('\n');
    }
  }
}
