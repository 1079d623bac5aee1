package org.recordhub.escalation;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

import javax.sql.DataSource;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The follow-up and escalation timer: a Quartz job with its JDBC job store in RecordHub's
 * database, clustered, so that of several RecordHub instances sharing the database
 * exactly one runs each pass ({@code recordhub.escalation.interval}, 1 minute by
 * default). A pass is quick when nothing is due: it looks only at legs whose check time
 * has come.
 */
@Configuration(proxyBeanMethods = false)
class EscalationScheduling {

	@Bean
	JobDetail escalationJob() {
		return JobBuilder.newJob(EscalationJob.class)
			.withIdentity("escalation-pass", "recordhub")
			.withDescription("Follow-ups and escalation of waiting legs")
			.storeDurably()
			.build();
	}

	@Bean
	Trigger escalationTrigger(JobDetail escalationJob,
			@Value("${recordhub.escalation.interval:1m}") Duration interval) {
		return TriggerBuilder.newTrigger()
			.forJob(escalationJob)
			.withIdentity("escalation-pass", "recordhub")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(interval.toMillis())
				.repeatForever()
				// a pass missed while every node was down runs once, not once per missed
				// interval
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

	/**
	 * Quartz reads its JDBC store through a delegate per database: PostgreSQL's stores
	 * job data as bytea.
	 */
	@Bean
	SchedulerFactoryBeanCustomizer quartzDatabaseDelegate(DataSource dataSource, QuartzProperties quartz) {
		return (factory) -> {
			String product;
			try {
				product = JdbcUtils.extractDatabaseMetaData(dataSource,
						(metaData) -> metaData.getDatabaseProductName());
			}
			catch (MetaDataAccessException ex) {
				throw new IllegalStateException("Cannot tell the database's kind for Quartz", ex);
			}
			Properties properties = new Properties();
			properties.putAll(quartz.getProperties());
			properties.setProperty("org.quartz.jobStore.driverDelegateClass",
					product.toLowerCase(Locale.ROOT).contains("postgres")
							? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
							: "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
			factory.setQuartzProperties(properties);
		};
	}

	/** Runs a pass; never two at once, on one node or across the cluster. */
	@DisallowConcurrentExecution
	static class EscalationJob implements Job {

		private final EscalationPass pass;

		EscalationJob(EscalationPass pass) {
			this.pass = pass;
		}

		@Override
		public void execute(JobExecutionContext context) {
			this.pass.run();
		}

	}

}
