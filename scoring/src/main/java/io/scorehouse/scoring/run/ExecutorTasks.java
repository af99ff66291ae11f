package io.scorehouse.scoring.run;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Which executors ran a run's tasks, and how many each: the manifest's proof of where the run was computed (on a
 * cluster, the executors of the standalone workers; in local mode, the driver). Counts the tasks that ended while
 * the run was in flight, as the listener bus delivered them by the time the manifest is written.
 */
final class ExecutorTasks extends SparkListener implements AutoCloseable {
    private final SparkContext context;
    private final Map<String, LongAdder> tasks = new ConcurrentHashMap<>();
    private final Map<String, String> hosts = new ConcurrentHashMap<>();

    private ExecutorTasks(SparkContext context) {
        this.context = context;
    }

    static ExecutorTasks listen(SparkSession spark) {
        ExecutorTasks listener = new ExecutorTasks(spark.sparkContext());
        listener.context.addSparkListener(listener);
        return listener;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskInfo info = end.taskInfo();
        if (info == null) {
            return;
        }
        hosts.putIfAbsent(info.executorId(), info.host());
        tasks.computeIfAbsent(info.executorId(), id -> new LongAdder()).increment();
    }

    /** Every executor seen so far, by id, with its host and the tasks it ran. */
    List<RunManifest.Executor> seen() {
        return tasks.entrySet().stream()
                .map(e -> new RunManifest.Executor(
                        e.getKey(), hosts.get(e.getKey()), e.getValue().sum()))
                .sorted(Comparator.comparing(RunManifest.Executor::id))
                .toList();
    }

    @Override
    public void close() {
        context.removeSparkListener(this);
    }
}
