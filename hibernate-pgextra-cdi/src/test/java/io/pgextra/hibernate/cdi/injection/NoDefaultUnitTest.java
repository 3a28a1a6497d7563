package io.pgextra.hibernate.cdi.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.cdi.PgExtraProducers;
import io.pgextra.hibernate.signals.Signals;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * An application without a {@code @Default} persistence unit (e.g. only qualified ones) still deploys with the
 * module on its class path; only injecting the {@code @Default} beans fails, saying what to do.
 */
class NoDefaultUnitTest {

	@Test
	void deploysAndExplainsOnInjection() {
		try ( WeldContainer container = new Weld( "no-default-unit" ).disableDiscovery()
				.addBeanClasses( PgExtraProducers.class ).initialize() ) {
			Throwable thrown = catchThrowable( () -> container.select( PgExtraEntityManager.class ).get().clear() );
			assertThat( thrown ).isInstanceOf( IllegalStateException.class )
					.hasMessageContaining( "no @Default jakarta.persistence.EntityManager bean" )
					.hasMessageContaining( "write your own producer with its qualifier" );

			thrown = catchThrowable( () -> container.select( Signals.class ).get().isListening() );
			assertThat( thrown ).isInstanceOf( IllegalStateException.class )
					.hasMessageContaining( "no @Default jakarta.persistence.EntityManagerFactory bean" );
		}
	}
}
