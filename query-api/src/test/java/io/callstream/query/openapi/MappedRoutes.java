package io.callstream.query.openapi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * The routes a running WebFlux application maps, read from its dispatcher's handler mappings:
 * annotated controllers and functional routes alike.
 */
final class MappedRoutes {

  /** {@code {name:regex}} in a path pattern; the document names the variable only. */
  private static final Pattern CONSTRAINED_VARIABLE = Pattern.compile("\\{([^}:]+):[^}]*}");

  private MappedRoutes() {}

  /** One route: an HTTP method (or {@code *} for any) and a path template as OpenAPI writes it. */
  record Route(String method, String path) implements Comparable<Route> {

    @Override
    public int compareTo(Route other) {
      int byPath = path.compareTo(other.path);
      return byPath != 0 ? byPath : method.compareTo(other.method);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Every route of {@code dispatcher} whose path starts with {@code prefix}, sorted. */
  static Set<Route> under(DispatcherHandler dispatcher, String prefix) {
    Objects.requireNonNull(dispatcher, "dispatcher must not be null");
    Objects.requireNonNull(prefix, "prefix must not be null");
    List<HandlerMapping> mappings = dispatcher.getHandlerMappings();
    if (mappings == null) {
      throw new IllegalStateException("the dispatcher has no handler mappings yet");
    }
    Set<Route> routes = new TreeSet<>();
    for (HandlerMapping mapping : mappings) {
      if (mapping instanceof RequestMappingInfoHandlerMapping annotated) {
        annotated
            .getHandlerMethods()
            .keySet()
            .forEach(
                info -> {
                  Set<String> methods = new LinkedHashSet<>();
                  for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    methods.add(method.name());
                  }
                  for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                    add(routes, methods, pattern.getPatternString(), prefix);
                  }
                });
      } else if (mapping instanceof RouterFunctionMapping functional
          && functional.getRouterFunction() != null) {
        functional.getRouterFunction().accept(new FunctionalRoutes(routes, prefix));
      }
    }
    return routes;
  }

  private static void add(Set<Route> routes, Set<String> methods, String path, String prefix) {
    String template = CONSTRAINED_VARIABLE.matcher(path).replaceAll("{$1}");
    if (!template.startsWith(prefix)) {
      return;
    }
    if (methods.isEmpty()) {
      routes.add(new Route("*", template));
    } else {
      methods.forEach(method -> routes.add(new Route(method, template)));
    }
  }

  /**
   * Walks a router function: nested predicates add their path as a prefix; a route's predicate
   * gives its paths and methods. Predicates it cannot read (custom ones) give nothing, so such a
   * route is not checked.
   */
  private static final class FunctionalRoutes implements RouterFunctions.Visitor {

    private final Set<Route> routes;
    private final String prefix;
    private final Deque<String> nesting = new ArrayDeque<>();

    FunctionalRoutes(Set<Route> routes, String prefix) {
      this.routes = routes;
      this.prefix = prefix;
    }

    @Override
    public void startNested(RequestPredicate predicate) {
      Conditions conditions = Conditions.of(predicate);
      nesting.push(current() + (conditions.paths().isEmpty() ? "" : conditions.paths().get(0)));
    }

    @Override
    public void endNested(RequestPredicate predicate) {
      nesting.pop();
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
      Conditions conditions = Conditions.of(predicate);
      List<String> paths = conditions.paths().isEmpty() ? List.of("") : conditions.paths();
      for (String path : paths) {
        add(routes, conditions.methods(), current() + path, prefix);
      }
    }

    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {}

    @Override
    public void attributes(Map<String, Object> attributes) {}

    @Override
    public void unknown(RouterFunction<?> routerFunction) {}

    private String current() {
      @Nullable String top = nesting.peek();
      return top == null ? "" : top;
    }
  }

  /** The paths and methods a request predicate names, wherever in it. */
  private record Conditions(List<String> paths, Set<String> methods) {

    static Conditions of(RequestPredicate predicate) {
      List<String> paths = new ArrayList<>();
      Set<String> methods = new LinkedHashSet<>();
      predicate.accept(
          new RequestPredicates.Visitor() {
            @Override
            public void method(Set<HttpMethod> httpMethods) {
              httpMethods.forEach(method -> methods.add(method.name()));
            }

            @Override
            public void path(String pattern) {
              paths.add(pattern);
            }

            @Override
            @SuppressWarnings("removal") // to implement the interface, not to call it
            public void pathExtension(String extension) {}

            @Override
            public void header(String name, String value) {}

            @Override
            public void queryParam(String name, String value) {}

            @Override
            public void version(String version) {}

            @Override
            public void startAnd() {}

            @Override
            public void and() {}

            @Override
            public void endAnd() {}

            @Override
            public void startOr() {}

            @Override
            public void or() {}

            @Override
            public void endOr() {}

            @Override
            public void startNegate() {}

            @Override
            public void endNegate() {}

            @Override
            public void unknown(RequestPredicate unknown) {}
          });
      return new Conditions(paths, methods);
    }
  }
}
