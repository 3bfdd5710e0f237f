package io.tributary.operator.model;

import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.runtime.config.EtlConfig;
import io.tributary.runtime.config.ExtractConfig;
import io.tributary.runtime.config.ProducerConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.config.WorkerConfig;

/**
 * Builds the runtime configuration (DESIGN §3) of a component. The role sections are the CR specs
 * themselves, copied with Jackson: {@code ProducerSpec -> producer}, {@code WorkerSpec -> worker},
 * {@code EtlScheduleSpec -> etl} (same field names by contract; spec fields the runtime does not
 * read, like {@code replicas} or {@code template}, are left out).
 */
public final class RuntimeConfigModel {
  private RuntimeConfigModel() {}

  public static RuntimeConfig producer(Producer producer, Pipeline pipeline, PipelineWiring wiring) {
    ProducerConfig section = SpecMapper.convert(producer.getSpec(), ProducerConfig.class);
    var http = producer.getSpec().getSource() == null ? null : producer.getSpec().getSource().getHttp();
    if (section != null && section.source() != null && section.source().http() != null) {
      // the Secret of tls.secretRef is mounted (WorkloadModel.producer): only its file paths go to the runtime
      section = new ProducerConfig(section.topic(), section.key(), new SourceConfig(section.source().marketData(),
          section.source().payments(), section.source().calls(), section.source().http().withTls(
              http != null && http.getTls() != null
                  ? new SourceConfig.Http.Tls(SecretEnv.DEFAULT_HTTP_TLS_DIR + "/" + SecretEnv.HTTP_TLS_CERT,
                      SecretEnv.DEFAULT_HTTP_TLS_DIR + "/" + SecretEnv.HTTP_TLS_KEY)
                  : null)));
    }
    return RuntimeConfig.producer(
        pipeline.getMetadata().getName(),
        producer.getMetadata().getNamespace(),
        producer.getMetadata().getName(),
        wiring.kafka(),
        section);
  }

  public static RuntimeConfig worker(Worker worker, Pipeline pipeline, PipelineWiring wiring) {
    WorkerConfig section = SpecMapper.convert(worker.getSpec(), WorkerConfig.class);
    return RuntimeConfig.worker(
        pipeline.getMetadata().getName(),
        worker.getMetadata().getNamespace(),
        worker.getMetadata().getName(),
        wiring.kafka(),
        wiring.redis(),
        wiring.deadLetterTopic(),
        section);
  }

  public static RuntimeConfig etl(EtlSchedule schedule, Pipeline pipeline, PipelineWiring wiring) {
    return etl(schedule, pipeline, wiring, null);
  }

  /**
   * The ETL configuration; with {@code spec.waitFor}, its gate reads the consumer group and input
   * topic of {@code waitForWorker} (the Worker it names, which the reconciler looked up and checked).
   */
  public static RuntimeConfig etl(EtlSchedule schedule, Pipeline pipeline, PipelineWiring wiring, Worker waitForWorker) {
    EtlConfig section = SpecMapper.convert(schedule.getSpec(), EtlConfig.class);
    if (section.waitFor() != null && waitForWorker != null) {
      String group = ConsumerGroups.of(waitForWorker).map(ConsumerGroups.Member::group).orElse(null);
      String topic = waitForWorker.getSpec().getInput() == null || waitForWorker.getSpec().getInput().getTopic() == null
          ? null : waitForWorker.getSpec().getInput().getTopic().getName();
      section = section.withWaitFor(section.waitFor().on(group, topic));
    }
    ExtractConfig extract = section.extract();
    if (extract != null && extract.csv() != null && extract.csv().configMap() != null) {
      // the CSV ConfigMap is mounted as a volume (EtlModel.cronJob); the runtime reads the file.
      // Only the path goes to the runtime: the config is validated as "exactly one of configMap,
      // url, path", and keeping configMap beside the added path would refuse a valid spec. A url
      // set beside configMap (the CRD refuses that already) stays, so that the check still refuses.
      ExtractConfig.Csv csv = extract.csv();
      extract =
          ExtractConfig.of(
              new ExtractConfig.Csv(null, csv.url(), SecretEnv.CSV_CONFIG_MAP_DIR + "/" + csv.configMap().key()));
      section =
          new EtlConfig(
              extract, section.transform(), section.load(), section.quality(), section.retries(),
              EtlConfig.DEFAULT_TERMINATION_MESSAGE_PATH, section.waitFor());
    }
    return new RuntimeConfig(
        pipeline.getMetadata().getName(),
        schedule.getMetadata().getNamespace(),
        schedule.getMetadata().getName(),
        io.tributary.runtime.config.Role.ETL,
        wiring.kafka(),
        wiring.redis(),
        wiring.deadLetterTopic(),
        null,
        null,
        null,
        section);
  }
}
