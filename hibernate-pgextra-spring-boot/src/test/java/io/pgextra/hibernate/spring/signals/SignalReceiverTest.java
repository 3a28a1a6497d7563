package io.pgextra.hibernate.spring.signals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.spring.SignalReceiver;
import io.pgextra.hibernate.spring.TestApp;
import io.pgextra.hibernate.spring.TestDatabase;
import io.pgextra.hibernate.spring.internal.SignalReceiverRegistrar;
import io.pgextra.hibernate.spring.model.AuditEntry;
import io.pgextra.hibernate.spring.model.AuditRepository;
import io.pgextra.hibernate.spring.model.Item;
import io.pgextra.hibernate.spring.model.ItemRepository;
import io.pgextra.hibernate.spring.LogCapture;

import jakarta.persistence.EntityManager;
import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @SignalReceiver} bean methods, immediate and after commit, with Boot's JpaTransactionManager. */
@SpringBootTest(classes = { TestApp.class, SignalReceiverTest.Receivers.class })
@DirtiesContext
class SignalReceiverTest {

	static final String SCHEMA = TestDatabase.createSchema( "spring_signals" );
	static final ConflictTarget SKU = ConflictTarget.attributes( "sku" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register( registry, SCHEMA );
	}

	@AfterAll
	static void dropSchema() {
		TestDatabase.dropSchema( SCHEMA );
	}

	/** What happened, in order, across the receivers and the test's own synchronization. */
	static final class Journal {
		final List<String> entries = new CopyOnWriteArrayList<>();
	}

	@TestConfiguration
	static class Receivers {
		@Bean
		Journal journal() {
			return new Journal();
		}

		@Bean
		Audit audit(Journal journal, AuditRepository audits, EntityManager entityManager) {
			return new Audit( journal, audits, entityManager );
		}
	}

	static class Audit {
		final Journal journal;
		final AuditRepository audits;
		final EntityManager entityManager;

		Audit(Journal journal, AuditRepository audits, EntityManager entityManager) {
			this.journal = journal;
			this.audits = audits;
			this.entityManager = entityManager;
		}

		/** The event's entity, or (a bulk or by-key write sends none) the row read in the receiver's transaction. */
		private String sku(SignalEvent<Item> event) {
			Item item = event.entity() != null ? event.entity() : entityManager.find( Item.class, event.id() );
			return item.getSku();
		}

		@SignalReceiver(entity = Item.class, signal = { Signal.CREATE, Signal.UPDATE }, delivery = Delivery.AFTER_COMMIT)
		void saved(SignalEvent<Item> event) {
			String sku = sku( event );
			journal.entries.add( "after-commit " + event.signal() + " " + sku
					+ " in a transaction: " + TransactionSynchronizationManager.isActualTransactionActive()
					+ ", committed row visible: "
					+ ( TestDatabase.count( SCHEMA, "item where sku = '" + sku + "'" ) == 1 ) );
			if ( sku.startsWith( "FAIL" ) ) {
				// a written row, then a failure: the receiver's own transaction is rolled back whole
				audits.save( new AuditEntry( "partial " + sku ) );
				audits.save( new AuditEntry( null ) );
			}
			// through a repository
			audits.save( new AuditEntry( "repository " + event.signal() + " " + sku ) );
		}

		@SignalReceiver(entity = Item.class, signal = Signal.CREATE, delivery = Delivery.AFTER_COMMIT)
		void created(Item item) {
			// through the shared EntityManager
			entityManager.persist( new AuditEntry( "entity manager CREATE " + ( item == null ? "(not loaded)" : item.getSku() ) ) );
		}

		@SignalReceiver(entity = Item.class, signal = Signal.CREATE)
		void immediately(SignalEvent<Item> event) {
			String sku = sku( event );
			journal.entries.add( "immediate " + event.signal() + " " + sku
					+ " in a transaction: " + TransactionSynchronizationManager.isActualTransactionActive() );
			if ( sku.startsWith( "VETO" ) ) {
				throw new IllegalArgumentException( "vetoed " + sku );
			}
		}
	}

	@Autowired
	ItemRepository items;

	@Autowired
	AuditRepository audits;

	@Autowired
	Journal journal;

	@Autowired
	Signals signals;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	SignalReceiverRegistrar registrar;

	@BeforeEach
	void clean() {
		items.deleteAllInBatch();
		audits.deleteAllInBatch();
		journal.entries.clear();
	}

	private List<String> auditMessages() {
		return audits.findAll().stream().map( AuditEntry::getMessage ).sorted().toList();
	}

	@Test
	void connectedOnlyForTheEntitiesListenedTo() {
		assertThat( transactionManager ).isInstanceOf( JpaTransactionManager.class );
		assertThat( registrar.connections() ).hasSize( 4 ); // CREATE+UPDATE, CREATE, CREATE
		assertThat( signals.hasReceivers( Signal.CREATE, Item.class ) ).isTrue();
		assertThat( signals.hasReceivers( Signal.DELETE, Item.class ) ).isFalse();
		for ( Signal signal : Signal.values() ) {
			assertThat( signals.hasReceivers( signal, AuditEntry.class ) ).isFalse();
		}
	}

	@Autowired
	org.springframework.context.ConfigurableApplicationContext context;

	@Test
	void disconnectedWhenTheContextStops() {
		context.stop(); // what close() does first: Lifecycle beans stop before the singletons are destroyed
		try {
			assertThat( registrar.connections() ).isEmpty();
			assertThat( signals.hasReceivers( Signal.CREATE, Item.class ) ).isFalse();
			items.save( new Item( "S-1", 1 ) );
			assertThat( journal.entries ).isEmpty();
			assertThat( TestDatabase.count( SCHEMA, "audit_entry" ) ).isZero();
		}
		finally {
			context.start();
		}
		assertThat( registrar.connections() ).hasSize( 4 );
		assertThat( signals.hasReceivers( Signal.CREATE, Item.class ) ).isTrue();
	}

	@Test
	void afterCommitWritesAreCommitted() {
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			TransactionSynchronizationManager.registerSynchronization( new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					journal.entries.add( "spring afterCommit" );
				}
			} );
			items.save( new Item( "A-1", 1 ) );
			journal.entries.add( "saved" );
		} );
		assertThat( journal.entries ).containsExactly(
				"immediate CREATE A-1 in a transaction: true",
				"saved",
				"spring afterCommit",
				"after-commit CREATE A-1 in a transaction: true, committed row visible: true" );
		assertThat( auditMessages() ).containsExactly( "entity manager CREATE A-1", "repository CREATE A-1" );
		assertThat( TestDatabase.count( SCHEMA, "audit_entry" ) ).isEqualTo( 2 );
	}

	@Test
	void withoutTheStarterAnAfterCommitWriteJoinsTheFinishedTransaction() {
		// why @SignalReceiver runs in a transaction of its own: a receiver connected by hand is called inside
		// JpaTransactionManager's commit, and its repository write joins the committed transaction and is lost
		try ( var connection = signals.connect( Signal.CREATE, Item.class, Delivery.AFTER_COMMIT,
				event -> audits.save( new AuditEntry( "by hand " + event.id() ) ) ) ) {
			Long id = items.save( new Item( "H-1", 1 ) ).getId();
			assertThat( TestDatabase.count( SCHEMA, "audit_entry where message = 'by hand " + id + "'" ) ).isZero();
			assertThat( connection.isConnected() ).isTrue(); // the receiver was connected (and was called: see below)
		}
		// while the @SignalReceiver methods' writes of the same commit are there
		assertThat( auditMessages() ).contains( "repository CREATE H-1", "entity manager CREATE H-1" );
	}

	@Test
	void afterCommitOfAnUpsertOutsideATransaction() {
		items.upsert( SKU, new Item( "U-1", 1 ) ); // its own transaction: inserted
		items.upsert( SKU, new Item( "U-1", 2 ) ); // updated
		// insert(entity) returns the key and sends no loaded entity: the receivers read the row by its id
		assertThat( auditMessages() ).containsExactly( "entity manager CREATE (not loaded)", "repository CREATE U-1",
				"repository UPDATE U-1" );
		assertThat( journal.entries ).containsExactly(
				"immediate CREATE U-1 in a transaction: true",
				"after-commit CREATE U-1 in a transaction: true, committed row visible: true",
				"after-commit UPDATE U-1 in a transaction: true, committed row visible: true" );
	}

	@Test
	void rollbackSendsNothingAfterCommit() {
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			items.save( new Item( "R-1", 1 ) );
			items.flush();
			s.setRollbackOnly();
		} );
		assertThat( journal.entries ).containsExactly( "immediate CREATE R-1 in a transaction: true" );
		assertThat( TestDatabase.count( SCHEMA, "audit_entry" ) ).isZero();
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
	}

	@Test
	void immediateReceiverThatThrowsRollsTheWriteBack() {
		assertThatThrownBy( () -> items.save( new Item( "VETO-1", 1 ) ) )
				.hasRootCauseInstanceOf( IllegalArgumentException.class )
				.hasRootCauseMessage( "vetoed VETO-1" );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
		assertThat( TestDatabase.count( SCHEMA, "audit_entry" ) ).isZero();
	}

	@Test
	void afterCommitReceiverThatFailsIsLoggedAndRolledBackAlone() {
		try ( LogCapture log = LogCapture.of( "io.pgextra.hibernate.spring.internal.MethodReceiver" ) ) {
			items.save( new Item( "FAIL-1", 1 ) );
			// logged at ERROR with its exception (README "Spring Boot"), here instead of in the build log
			assertThat( log.events() ).singleElement().satisfies( event -> {
				assertThat( event.getLevel() ).isEqualTo( Level.ERROR );
				assertThat( event.getFormattedMessage() ).contains( "After-commit @SignalReceiver " + Audit.class.getName()
						+ ".saved(AFTER_COMMIT) failed for the CREATE signal of " + Item.class.getName() );
				assertThat( event.getThrowableProxy() ).isNotNull();
			} );
		}
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isEqualTo( 1 ); // the committed write stands
		// the failing receiver's transaction is rolled back whole; the other receiver's is committed
		assertThat( auditMessages() ).containsExactly( "entity manager CREATE FAIL-1" );
	}
}
