package io.callstream.query.privacy.retention;

import io.callstream.api.audit.Actor;
import io.callstream.api.workspace.Plan;
import io.callstream.core.event.CallDeleted;
import io.callstream.query.privacy.deletion.CallDeletion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds the calls whose workspace's retention has run out, across workspaces (through the owner's
 * {@code callstream_expired_calls} function, as row-level security shows the service one workspace
 * at a time), and deletes them workspace by workspace with {@link CallDeletion}, which audits one
 * {@code CALLS_PURGED} per workspace and batch. A workspace whose deletion fails is left for the
 * next run; the others go on. Thread-safe; two purges at once delete each call once.
 */
final class RetentionPurge {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

  private static final Actor ACTOR = Actor.system("retention");

  private static final String EXPIRED =
      "select workspace_id, call_id"
          + " from callstream_expired_calls(:asOf, :planNames, :planDays, :maxCalls)";

  private final DatabaseClient db;
  private final CallDeletion deletion;
  private final Clock clock;
  private final int batchSize;
  private final String[] planNames;
  private final Integer[] planDays;

  /**
   * @param batchSize how many expired calls one query finds; a run repeats until fewer are found
   */
  RetentionPurge(DatabaseClient db, CallDeletion deletion, Clock clock, int batchSize) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.deletion = Objects.requireNonNull(deletion, "deletion must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.batchSize = batchSize;
    List<String> names = new ArrayList<>();
    List<Integer> days = new ArrayList<>();
    for (Plan plan : Plan.values()) {
      plan.retentionDays()
          .ifPresent(
              limit -> {
                names.add(plan.storedName());
                days.add(limit);
              });
    }
    this.planNames = names.toArray(String[]::new);
    this.planDays = days.toArray(Integer[]::new);
  }

  /** What one run deleted. */
  record Run(List<String> deletedCallIds, int failedWorkspaces) {

    Run {
      deletedCallIds = List.copyOf(deletedCallIds);
    }

    static Run nothing() {
      return new Run(List.of(), 0);
    }

    Run plus(Run other) {
      List<String> all = new ArrayList<>(deletedCallIds);
      all.addAll(other.deletedCallIds);
      return new Run(all, failedWorkspaces + other.failedWorkspaces);
    }
  }

  /** Deletes every call expired by now, as the clock tells it. */
  Mono<Run> purge() {
    return Mono.defer(() -> purge(clock.instant()));
  }

  /** Deletes every call expired at {@code asOf}. */
  Mono<Run> purge(Instant asOf) {
    Objects.requireNonNull(asOf, "asOf must not be null");
    return batch(asOf)
        .expand(
            done ->
                done.found() == batchSize && done.run().failedWorkspaces() == 0
                    ? batch(asOf)
                    : Mono.empty())
        .map(Batch::run)
        .reduce(Run.nothing(), Run::plus)
        .doOnNext(
            run -> {
              if (!run.deletedCallIds().isEmpty() || run.failedWorkspaces() > 0) {
                LOG.info(
                    "retention purge deleted {} calls; {} workspaces failed and wait for the next"
                        + " run",
                    run.deletedCallIds().size(),
                    run.failedWorkspaces());
              }
            });
  }

  private record Batch(int found, Run run) {}

  private Mono<Batch> batch(Instant asOf) {
    return db.sql(EXPIRED)
        .bind("asOf", asOf)
        .bind("planNames", planNames)
        .bind("planDays", planDays)
        .bind("maxCalls", batchSize)
        .map(
            row ->
                new Expired(
                    row.get("workspace_id", String.class), row.get("call_id", String.class)))
        .all()
        .collectList()
        .flatMap(
            expired -> {
              Map<String, List<String>> byWorkspace = new LinkedHashMap<>();
              expired.forEach(
                  call ->
                      byWorkspace
                          .computeIfAbsent(call.workspaceId(), ws -> new ArrayList<>())
                          .add(call.callId()));
              return Flux.fromIterable(byWorkspace.entrySet())
                  .concatMap(entry -> purgeWorkspace(entry.getKey(), entry.getValue()))
                  .reduce(Run.nothing(), Run::plus)
                  .map(run -> new Batch(expired.size(), run));
            });
  }

  private Mono<Run> purgeWorkspace(String workspaceId, List<String> callIds) {
    return deletion
        .delete(workspaceId, callIds, CallDeleted.Reason.RETENTION, ACTOR)
        .map(deleted -> new Run(deleted, 0))
        .onErrorResume(
            failure -> {
              LOG.warn(
                  "retention purge could not delete {} calls of workspace {}; next run retries",
                  callIds.size(),
                  workspaceId,
                  failure);
              return Mono.just(new Run(List.of(), 1));
            });
  }

  private record Expired(String workspaceId, String callId) {}
}
