package io.pgextra.hibernate.spring.injection;

import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.spring.TestApp;
import io.pgextra.hibernate.spring.TestDatabase;
import io.pgextra.hibernate.spring.model.Item;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TransactionRequiredException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One EntityManagerFactory (Boot's): the injected PgExtraEntityManager and Signals. */
@SpringBootTest(classes = TestApp.class)
@DirtiesContext
class InjectionTest {

	static final String SCHEMA = TestDatabase.createSchema( "spring_injection" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register( registry, SCHEMA );
	}

	@AfterAll
	static void dropSchema() {
		TestDatabase.dropSchema( SCHEMA );
	}

	@Autowired
	PgExtraEntityManager pg;

	@Autowired
	EntityManager entityManager;

	@Autowired
	Signals signals;

	@Autowired
	EntityManagerFactory factory;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ApplicationContext context;

	@AfterEach
	void clean() {
		new TransactionTemplate( transactionManager ).executeWithoutResult(
				s -> entityManager.createQuery( "delete from Item" ).executeUpdate() );
	}

	@Test
	void autowiredEntityManagerStaysSpringsSharedOne() {
		// unambiguous (else the context would not start) and not ours: our beans are fallbacks
		assertThat( entityManager ).isNotInstanceOf( PgExtraEntityManager.class );
		assertThat( context.getBeansOfType( PgExtraEntityManager.class ) )
				.containsOnlyKeys( "pgExtraEntityManager_entityManagerFactory" );
		assertThat( context.getBeansOfType( Signals.class ) ).containsOnlyKeys( "pgExtraSignals_entityManagerFactory" );
		assertThat( transactionManager ).isInstanceOf( JpaTransactionManager.class );
	}

	@Test
	void boundToTheCurrentTransaction() {
		Item[] seen = new Item[2];
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			seen[0] = pg.upsertAndGet( Item.class, ConflictTarget.attributes( "sku" ), Map.of( "sku", "A-1", "quantity", 3 ) );
			// the same persistence context as Spring's shared EntityManager in this transaction
			seen[1] = entityManager.find( Item.class, seen[0].getId() );
		} );
		assertThat( seen[1] ).isSameAs( seen[0] );
		assertThat( TestDatabase.queryOne( SCHEMA, "select quantity from item where sku = 'A-1'" ) ).isEqualTo( 3 );

		// a later transaction gets another persistence context through the same bean
		Item again = new TransactionTemplate( transactionManager ).execute(
				s -> pg.upsertAndGet( Item.class, ConflictTarget.attributes( "sku" ), Map.of( "sku", "A-1", "quantity", 4 ) ) );
		assertThat( again ).isNotSameAs( seen[0] );
		assertThat( again.getId() ).isEqualTo( seen[0].getId() );
		assertThat( TestDatabase.queryOne( SCHEMA, "select quantity from item where sku = 'A-1'" ) ).isEqualTo( 4 );
	}

	@Test
	void rollbackLeavesNothing() {
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			pg.upsert( Item.class, ConflictTarget.attributes( "sku" ), Map.of( "sku", "R-1", "quantity", 1 ) );
			assertThat( entityManager.createQuery( "select count(i) from Item i", Long.class ).getSingleResult() )
					.isEqualTo( 1L );
			s.setRollbackOnly();
		} );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
	}

	@Test
	void outsideTransactionTransactionRequiredException() {
		assertThatThrownBy( () -> pg.upsert( Item.class, ConflictTarget.attributes( "sku" ), Map.of( "sku", "X", "quantity", 1 ) ) )
				.isInstanceOf( TransactionRequiredException.class )
				.hasMessageContaining( "INSERT ... ON CONFLICT into entity 'Item' needs an active transaction" )
				.hasMessageContaining( "No transactional EntityManager available" )
				.hasMessageEndingWith( "begin one first, e.g. with @Transactional" )
				.hasCauseInstanceOf( IllegalStateException.class );
		assertThatThrownBy( () -> pg.onConflict( Item.class, ConflictTarget.attributes( "sku" ), ConflictAction.NOTHING )
				.bulkInsert( java.util.List.of( new Item( "Y", 1 ) ) ) )
				.isInstanceOf( TransactionRequiredException.class );
		// the wrapped Spring proxy itself, for any other call, is unchanged
		assertThat( pg.getDelegateEntityManager().isOpen() ).isTrue();
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
	}

	@Test
	void aClosedEntityManagerKeepsItsOwnException() {
		EntityManager closed = factory.createEntityManager();
		closed.close();
		assertThatThrownBy( () -> PgExtraEntityManager.of( closed ).upsert( Item.class, ConflictTarget.attributes( "sku" ),
				Map.of( "sku", "C", "quantity", 1 ) ) )
				.isInstanceOf( IllegalStateException.class )
				.isNotInstanceOf( TransactionRequiredException.class );
	}

	@Test
	void signalsOfTheFactory() {
		assertThat( signals ).isSameAs( Signals.of( factory ) );
		// no @SignalReceiver bean in this application: nothing connected
		assertThat( signals.hasReceivers( Signal.CREATE, Item.class ) ).isFalse();
	}
}
