package io.pgextra.hibernate.cdi.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.cdi.CounterService;
import io.pgextra.hibernate.cdi.PgExtraProducers;
import io.pgextra.hibernate.cdi.TestPersistenceUnit;
import io.pgextra.hibernate.cdi.model.Counter;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;

import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CDI module in a real CDI container (Weld SE, bean discovery through {@code META-INF/beans.xml}: the producers
 * are not added by hand) on the real PostgreSQL, with a resource-local, request-scoped {@code EntityManager}.
 */
class CdiInjectionTest {

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	private static TestPersistenceUnit unit;
	private static WeldContainer container;

	@BeforeAll
	static void boot() {
		unit = new TestPersistenceUnit();
		// discovery on: PgExtraProducers is found through the module's beans.xml, the test beans through the
		// test classes' beans.xml; a deployment problem (ambiguous EntityManager) fails here
		container = new Weld( "cdi-injection-test" ).addExtension( unit ).initialize();
	}

	@AfterAll
	static void shutdown() {
		if ( container != null ) {
			container.shutdown();
		}
		if ( unit != null ) {
			unit.dropSchema();
		}
	}

	@BeforeEach
	void clean() {
		inRequest( () -> inTransaction( em -> em.createQuery( "delete from Counter" ).executeUpdate() ) );
	}

	private static Map<String, Object> row(String name, int hits) {
		return Map.of( "name", name, "hits", hits );
	}

	private static void inRequest(Runnable work) {
		RequestContextController request = container.select( RequestContextController.class ).get();
		request.activate();
		try {
			work.run();
		}
		finally {
			request.deactivate();
		}
	}

	/** A resource-local transaction on the request's entity manager. */
	private static void inTransaction(Consumer<EntityManager> work) {
		EntityManager em = container.select( EntityManager.class ).get();
		em.getTransaction().begin();
		try {
			work.accept( em );
			em.getTransaction().commit();
		}
		finally {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
		}
	}

	@Test
	void producersAreDiscoveredThroughBeansXml() {
		assertThat( container.select( PgExtraProducers.class ).isResolvable() ).isTrue();
	}

	@Test
	void injectedPgExtraEntityManagerUpsertsInTheRequestsEntityManager() {
		CounterService service = container.select( CounterService.class ).get();
		List<Long> ids = new ArrayList<>();
		inRequest( () -> inTransaction( em -> {
			ids.add( service.pg().upsert( Counter.class, NAME, row( "a", 1 ) ) );
			ids.add( service.pg().upsert( Counter.class, NAME, row( "a", 2 ) ) );
			// the same persistence context as the container's EntityManager of this request
			Counter found = service.em().find( Counter.class, ids.get( 0 ) );
			assertThat( service.pg().contains( found ) ).isTrue();
		} ) );
		assertThat( ids.get( 1 ) ).isEqualTo( ids.get( 0 ) );
		assertThat( unit.queryOne( "select count(*) from counter" ) ).isEqualTo( 1L );
		assertThat( unit.queryOne( "select hits from counter where name = 'a'" ) ).isEqualTo( 2 );

		// the next request has another entity manager: the wrapper follows the contextual reference
		inRequest( () -> {
			assertThat( service.pg().contains( new Counter() ) ).isFalse();
			Counter loaded = service.em().find( Counter.class, ids.get( 0 ) );
			assertThat( service.pg().contains( loaded ) ).isTrue();
		} );
	}

	@Test
	void wrapperOutsideOfARequestFailsLikeTheContainersEntityManager() {
		CounterService service = container.select( CounterService.class ).get();
		Throwable thrown = catchThrowable( () -> service.pg().find( Counter.class, 1L ) );
		assertThat( thrown ).isInstanceOf( jakarta.enterprise.context.ContextNotActiveException.class );
	}

	@Test
	void injectedSignalsAreTheFactorysAndReceiveTheUpsert() {
		CounterService service = container.select( CounterService.class ).get();
		// the factory itself (a Weld client proxy of it would unwrap to the proxy, see Beans)
		List<EntityManagerFactory> factories = new ArrayList<>();
		inRequest( () -> factories.add( service.em().getEntityManagerFactory() ) );
		EntityManagerFactory factory = factories.get( 0 );
		List<SignalEvent<Counter>> events = new ArrayList<>();
		try ( SignalConnection connection = service.signals().connect( Signal.CREATE, Counter.class, events::add ) ) {
			List<Long> ids = new ArrayList<>();
			inRequest( () -> inTransaction( em -> ids.add( service.pg().upsert( Counter.class, NAME, row( "b", 1 ) ) ) ) );
			assertThat( events ).hasSize( 1 );
			assertThat( events.get( 0 ).id() ).isEqualTo( ids.get( 0 ) );
			assertThat( events.get( 0 ).entityClass() ).isEqualTo( Counter.class );
			assertThat( Signals.of( factory ).hasReceivers( Signal.CREATE, Counter.class ) ).isTrue();
			assertThat( connection.isConnected() ).isTrue();
		}
		assertThat( Signals.of( factory ).hasReceivers( Signal.CREATE, Counter.class ) ).isFalse();
	}

	@Test
	void entityManagerInjectionIsNotAmbiguous() {
		assertThat( container.select( EntityManager.class ).isResolvable() ).isTrue();
		BeanManager beans = container.getBeanManager();
		Set<Bean<?>> entityManagers = beans.getBeans( EntityManager.class );
		assertThat( entityManagers ).hasSize( 1 );
		assertThat( entityManagers.iterator().next().getBeanClass().getSimpleName() ).isEqualTo( "EntityManagerProducer" );

		Set<Bean<?>> pgs = beans.getBeans( PgExtraEntityManager.class );
		assertThat( pgs ).hasSize( 1 );
		assertThat( pgs.iterator().next().getTypes() ).containsExactlyInAnyOrder( PgExtraEntityManager.class, Object.class );
		assertThat( beans.getBeans( Signals.class ) ).hasSize( 1 );
	}
}
