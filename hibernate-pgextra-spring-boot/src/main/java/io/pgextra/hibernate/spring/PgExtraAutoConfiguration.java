package io.pgextra.hibernate.spring;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.spring.internal.PgExtraBeanRegistrar;
import io.pgextra.hibernate.spring.internal.SignalReceiverRegistrar;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * Auto-configuration of hibernate-pgextra for Spring Boot, registered in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}:
 * <ul>
 *   <li>for each {@link EntityManagerFactory} bean {@code <name>}: a {@link PgExtraEntityManager} bound to the
 *       current transaction like Spring's shared {@code EntityManager} ({@code pgExtraEntityManager_<name>}), and
 *       its {@link io.pgextra.hibernate.signals.Signals} ({@code pgExtraSignals_<name>}), both qualified by
 *       {@code <name>}; none of a kind when the application defines its own bean of that type. The entity
 *       managers are fallback beans: {@code @Autowired EntityManager} keeps Spring's;</li>
 *   <li>{@link SignalReceiver} bean methods connected at startup, disconnected at shutdown.</li>
 * </ul>
 * The {@link PgExtraRepository} fragment needs no configuration (see there). Nothing here has settings, so there
 * are no configuration properties; exclude this class to turn all of it off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, PgExtraEntityManager.class, SharedEntityManagerCreator.class })
public class PgExtraAutoConfiguration {

	/**
	 * @return the registrar of the per-factory beans (static: a bean factory post-processor)
	 */
	@Bean
	@ConditionalOnMissingBean
	static PgExtraBeanRegistrar pgExtraBeanRegistrar() {
		return new PgExtraBeanRegistrar();
	}

	/**
	 * @return the post-processor that connects {@link SignalReceiver} methods (static: a bean post-processor)
	 */
	@Bean
	@ConditionalOnMissingBean
	static SignalReceiverRegistrar pgExtraSignalReceiverRegistrar() {
		return new SignalReceiverRegistrar();
	}
}
