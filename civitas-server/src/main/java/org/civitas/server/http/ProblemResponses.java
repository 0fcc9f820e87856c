package org.civitas.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.civitas.error.CivitasException;
import org.civitas.error.ConflictException;
import org.civitas.error.ForbiddenException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnauthorizedException;
import org.civitas.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP responses: RFC 9457 {@code application/problem+json}
 * documents carrying the stable Civitas error code and the offending field. Unexpected exceptions
 * are logged once, here, and answered with a 500 that leaks nothing but a reference to the log
 * line.
 */
public final class ProblemResponses {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** Seconds a client should wait before retrying when Civitas cannot say better. */
  static final String RETRY_AFTER_SECONDS = "1";

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

  private ProblemResponses() {}

  /** Registers the exception mappers, including Javalin's own 404 for URLs no route serves. */
  public static void register(RoutesConfig routes) {
    routes.exception(Exception.class, (exception, ctx) -> respond(ctx, exception));
    // Javalin maps its HTTP exceptions (an unmatched URL, a 405) itself unless told otherwise.
    routes.exception(HttpResponseException.class, (exception, ctx) -> respond(ctx, exception));
  }

  /** Writes the problem document for any exception; usable from asynchronous completions. */
  public static void respond(Context ctx, Throwable thrown) {
    Throwable exception = unwrap(thrown);
    Problem problem = toProblem(exception, ctx);
    if (exception instanceof UnavailableException unavailable) {
      ctx.header("Retry-After", retryAfter(unavailable));
    }
    if (exception instanceof UnauthorizedException) {
      // RFC 9110 section 11.6.1: a 401 names the scheme that would be accepted.
      ctx.header("WWW-Authenticate", "Bearer realm=\"civitas\"");
    }
    write(ctx, problem);
  }

  /**
   * The {@code Retry-After} value (delay-seconds, RFC 9110 section 10.2.3) for a refusal: the
   * ingest path's estimate of when its queue has room again, at least 1.
   */
  static String retryAfter(UnavailableException unavailable) {
    return unavailable
        .retryAfter()
        .map(delay -> Long.toString(Math.max(1, delay.toSeconds())))
        .orElse(RETRY_AFTER_SECONDS);
  }

  /**
   * The problem document for an exception raised outside an HTTP exchange of its own (one request
   * of a {@code $batch}); unexpected exceptions are logged here as for any request.
   */
  public static Problem problemFor(Throwable thrown) {
    return toProblem(unwrap(thrown), null);
  }

  static Problem toProblem(Throwable exception, Context ctx) {
    return switch (exception) {
      case CivitasException civitas -> fromCivitas(civitas);
      case HttpResponseException http ->
          Problem.of(
              http.getStatus(),
              codeForStatus(http.getStatus()),
              titleForStatus(http.getStatus()),
              http.getStatus() == 404 && ctx != null
                  ? "no resource at " + requestLine(ctx)
                  : http.getMessage(),
              null);
      default -> {
        String reference = UUID.randomUUID().toString();
        LOG.error(
            "Unexpected failure of {} (reference {})", requestLine(ctx), reference, exception);
        yield Problem.of(
            500,
            "internal",
            "Internal error",
            "the server failed unexpectedly; the operator can find reference "
                + reference
                + " in its log",
            null);
      }
    };
  }

  /**
   * "METHOD /path" of the request, or "?" when there is none or Jetty has already recycled it (an
   * ingest future that fails after the client went away): reading a recycled request throws, and an
   * exception thrown here would be handed back to this handler without end.
   */
  private static String requestLine(Context ctx) {
    if (ctx == null) {
      return "?";
    }
    try {
      return ctx.method() + " " + ctx.path();
    } catch (RuntimeException recycled) {
      return "?";
    }
  }

  private static Problem fromCivitas(CivitasException exception) {
    String field = exception.field().orElse(null);
    return switch (exception) {
      case NotFoundException e -> Problem.of(404, e.code(), "Not found", e.getMessage(), field);
      case InvalidInputException e ->
          Problem.of(400, e.code(), "Invalid request", e.getMessage(), field);
      case ConflictException e -> Problem.of(409, e.code(), "Conflict", e.getMessage(), field);
      case UnavailableException e ->
          Problem.of(503, e.code(), "Service unavailable", e.getMessage(), field);
      case UnauthorizedException e ->
          Problem.of(401, e.code(), "Unauthorized", e.getMessage(), field);
      case ForbiddenException e -> Problem.of(403, e.code(), "Forbidden", e.getMessage(), field);
    };
  }

  private static void write(Context ctx, Problem problem) {
    ctx.status(problem.status());
    ctx.contentType(CONTENT_TYPE);
    ctx.result(JsonCodec.write(problem));
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable current = thrown;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String codeForStatus(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 409 -> "conflict";
      case 413 -> "too-large";
      case 415 -> "unsupported-media-type";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "http-" + status;
    };
  }

  private static String titleForStatus(int status) {
    return Optional.ofNullable(io.javalin.http.HttpStatus.forStatus(status))
        .map(io.javalin.http.HttpStatus::getMessage)
        .orElse("HTTP " + status);
  }
}
