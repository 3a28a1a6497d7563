package io.pgextra.hibernate.internal;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.signals.SignallingJdbcServices;
import io.pgextra.hibernate.internal.signals.SignallingMutationStrategyProvider;

import org.hibernate.engine.jdbc.spi.JdbcServices;
import org.hibernate.query.sqm.mutation.spi.SqmMultiTableMutationStrategyProvider;

import org.hibernate.service.spi.SessionFactoryServiceContributor;
import org.hibernate.service.spi.SessionFactoryServiceInitiator;
import org.hibernate.service.spi.SessionFactoryServiceInitiatorContext;
import org.hibernate.service.spi.SessionFactoryServiceRegistryBuilder;

/**
 * Registers one {@link PgExtraRuntime} per {@code SessionFactory} (found through {@code META-INF/services}), and the
 * factory's own {@link JdbcServices} and multi-table mutation strategies, through which every bulk {@code update}
 * and {@code delete} of the factory is signalled ({@link SignallingJdbcServices},
 * {@link SignallingMutationStrategyProvider}). Both wrap the services of the application's registry, which stay
 * Hibernate's: only this factory sees the wrappers.
 */
public final class PgExtraServiceContributor implements SessionFactoryServiceContributor {

	@Override
	public void contribute(SessionFactoryServiceRegistryBuilder builder) {
		HibernateCompat.get(); // fails on an unsupported Hibernate, in one sentence
		builder.addInitiator( new SessionFactoryServiceInitiator<PgExtraRuntime>() {
			@Override
			public Class<PgExtraRuntime> getServiceInitiated() {
				return PgExtraRuntime.class;
			}

			@Override
			public PgExtraRuntime initiateService(SessionFactoryServiceInitiatorContext context) {
				return new PgExtraRuntime( context.getSessionFactory() );
			}
		} );
		builder.addInitiator( new SessionFactoryServiceInitiator<JdbcServices>() {
			@Override
			public Class<JdbcServices> getServiceInitiated() {
				return JdbcServices.class;
			}

			@Override
			public JdbcServices initiateService(SessionFactoryServiceInitiatorContext context) {
				return new SignallingJdbcServices(
						context.getServiceRegistry().getParentServiceRegistry().requireService( JdbcServices.class ) );
			}
		} );
		builder.addInitiator( new SessionFactoryServiceInitiator<SqmMultiTableMutationStrategyProvider>() {
			@Override
			public Class<SqmMultiTableMutationStrategyProvider> getServiceInitiated() {
				return SqmMultiTableMutationStrategyProvider.class;
			}

			@Override
			public SqmMultiTableMutationStrategyProvider initiateService(SessionFactoryServiceInitiatorContext context) {
				return new SignallingMutationStrategyProvider( context.getServiceRegistry().getParentServiceRegistry()
						.requireService( SqmMultiTableMutationStrategyProvider.class ) );
			}
		} );
	}
}
