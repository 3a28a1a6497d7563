package io.pgextra.hibernate.internal;

import io.pgextra.hibernate.internal.compat.HibernateCompat;

import org.hibernate.service.spi.SessionFactoryServiceContributor;
import org.hibernate.service.spi.SessionFactoryServiceInitiator;
import org.hibernate.service.spi.SessionFactoryServiceInitiatorContext;
import org.hibernate.service.spi.SessionFactoryServiceRegistryBuilder;

/**
 * Registers one {@link PgExtraRuntime} per {@code SessionFactory} (found through {@code META-INF/services}).
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
	}
}
