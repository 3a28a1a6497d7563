package io.pgextra.hibernate.spring.signals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.spring.SignalReceiver;
import io.pgextra.hibernate.spring.TestApp;
import io.pgextra.hibernate.spring.TestDatabase;
import io.pgextra.hibernate.spring.model.Item;
import io.pgextra.hibernate.spring.model.ItemBulkRepository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data bulk statements ({@code @Modifying @Query}, {@code deleteAllInBatch}, {@code deleteAllByIdInBatch})
 * run on Spring's shared {@code EntityManager}: the factory's hook signals them per row; native SQL sends nothing.
 */
@SpringBootTest(classes = { TestApp.class, RepositoryBulkSignalTest.Receivers.class })
@DirtiesContext
class RepositoryBulkSignalTest {

	static final String SCHEMA = TestDatabase.createSchema( "spring_bulk_signals" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register( registry, SCHEMA );
	}

	@AfterAll
	static void dropSchema() {
		TestDatabase.dropSchema( SCHEMA );
	}

	static final class Journal {
		final List<String> entries = new CopyOnWriteArrayList<>();

		List<String> of(String delivery) {
			return entries.stream().filter( e -> e.startsWith( delivery + " " ) ).toList();
		}
	}

	@TestConfiguration
	static class Receivers {
		@Bean
		Journal bulkJournal() {
			return new Journal();
		}

		@Bean
		BulkReceivers bulkReceivers(Journal bulkJournal) {
			return new BulkReceivers( bulkJournal );
		}
	}

	static class BulkReceivers {
		final Journal journal;

		BulkReceivers(Journal journal) {
			this.journal = journal;
		}

		@SignalReceiver(entity = Item.class, signal = { Signal.UPDATE, Signal.DELETE })
		void immediately(SignalEvent<Item> event) {
			journal.entries.add( "immediate " + event.signal() + " " + event.id() );
		}

		@SignalReceiver(entity = Item.class, signal = { Signal.UPDATE, Signal.DELETE }, delivery = Delivery.AFTER_COMMIT)
		void afterCommit(SignalEvent<Item> event) {
			journal.entries.add( "after-commit " + event.signal() + " " + event.id() );
		}
	}

	@Autowired
	ItemBulkRepository items;

	@Autowired
	Journal journal;

	@Autowired
	PlatformTransactionManager transactionManager;

	Long a1;
	Long a2;
	Long b1;

	@BeforeEach
	void rows() {
		items.deleteAllInBatch();
		a1 = items.save( new Item( "A-1", 1 ) ).getId();
		a2 = items.save( new Item( "A-2", 2 ) ).getId();
		b1 = items.save( new Item( "B-1", 3 ) ).getId();
		journal.entries.clear();
	}

	private static List<String> each(String delivery, Signal signal, Long... ids) {
		return java.util.Arrays.stream( ids ).map( id -> delivery + " " + signal + " " + id ).toList();
	}

	private long quantity(Long id) {
		return ( (Number) TestDatabase.queryOne( SCHEMA, "select quantity from item where id = " + id ) ).longValue();
	}

	@Test
	void modifyingQueryUpdate() {
		assertThat( items.setQuantity( "A-%", 9 ) ).isEqualTo( 2 );
		assertThat( journal.of( "immediate" ) ).containsExactlyInAnyOrderElementsOf( each( "immediate", Signal.UPDATE, a1, a2 ) );
		assertThat( journal.of( "after-commit" ) ).containsExactlyInAnyOrderElementsOf( each( "after-commit", Signal.UPDATE, a1, a2 ) );
		assertThat( quantity( a1 ) ).isEqualTo( 9 );
		assertThat( quantity( b1 ) ).isEqualTo( 3 );
	}

	@Test
	void modifyingQueryDelete() {
		assertThat( items.deleteBySku( "A-%" ) ).isEqualTo( 2 );
		assertThat( journal.of( "immediate" ) ).containsExactlyInAnyOrderElementsOf( each( "immediate", Signal.DELETE, a1, a2 ) );
		assertThat( journal.of( "after-commit" ) ).containsExactlyInAnyOrderElementsOf( each( "after-commit", Signal.DELETE, a1, a2 ) );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isEqualTo( 1 );
	}

	@Test
	void modifyingQueryFlushingAndClearing() {
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			// a row persisted earlier in the transaction (IDENTITY: inserted at save) is updated and signalled too;
			// clearAutomatically detaches the managed instances after each statement
			Long a3 = items.save( new Item( "A-3", 4 ) ).getId();
			journal.entries.add( "saved " + a3 );
			assertThat( items.setQuantityFlushingAndClearing( "A-%", 7 ) ).isEqualTo( 3 );
			assertThat( journal.of( "immediate" ) ).containsExactlyInAnyOrderElementsOf( each( "immediate", Signal.UPDATE, a1, a2, a3 ) );
			assertThat( items.deleteBySkuFlushingAndClearing( "A-%" ) ).isEqualTo( 3 );
		} );
		Long a3 = Long.valueOf( journal.entries.get( 0 ).substring( "saved ".length() ) );
		assertThat( journal.of( "immediate" ) ).containsExactlyInAnyOrderElementsOf(
				concat( each( "immediate", Signal.UPDATE, a1, a2, a3 ), each( "immediate", Signal.DELETE, a1, a2, a3 ) ) );
		// after the commit, in the order sent: the updates, then the deletes
		assertThat( journal.of( "after-commit" ).subList( 0, 3 ) ).containsExactlyInAnyOrderElementsOf( each( "after-commit", Signal.UPDATE, a1, a2, a3 ) );
		assertThat( journal.of( "after-commit" ).subList( 3, 6 ) ).containsExactlyInAnyOrderElementsOf( each( "after-commit", Signal.DELETE, a1, a2, a3 ) );
		assertThat( journal.of( "after-commit" ) ).hasSize( 6 );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isEqualTo( 1 );
	}

	private static List<String> concat(List<String> a, List<String> b) {
		return java.util.stream.Stream.concat( a.stream(), b.stream() ).toList();
	}

	@Test
	void deleteAllInBatch() {
		items.deleteAllInBatch();
		assertThat( journal.of( "immediate" ) ).containsExactlyInAnyOrderElementsOf( each( "immediate", Signal.DELETE, a1, a2, b1 ) );
		assertThat( journal.of( "after-commit" ) ).containsExactlyInAnyOrderElementsOf( each( "after-commit", Signal.DELETE, a1, a2, b1 ) );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
	}

	@Test
	void deleteAllByIdInBatch() {
		items.deleteAllByIdInBatch( List.of( a1, b1 ) );
		assertThat( journal.of( "immediate" ) ).containsExactlyInAnyOrderElementsOf( each( "immediate", Signal.DELETE, a1, b1 ) );
		assertThat( journal.of( "after-commit" ) ).containsExactlyInAnyOrderElementsOf( each( "after-commit", Signal.DELETE, a1, b1 ) );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isEqualTo( 1 );
	}

	@Test
	void nativeQuerySendsNothing() {
		assertThat( items.setQuantityNatively( "A-%", 5 ) ).isEqualTo( 2 );
		assertThat( quantity( a1 ) ).isEqualTo( 5 );
		assertThat( quantity( a2 ) ).isEqualTo( 5 );
		assertThat( journal.entries ).isEmpty();
	}

	@Test
	void rollbackSendsNothingAfterCommit() {
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			assertThat( items.setQuantity( "A-%", 8 ) ).isEqualTo( 2 );
			assertThat( items.deleteBySku( "B-%" ) ).isEqualTo( 1 );
			s.setRollbackOnly();
		} );
		assertThat( journal.entries ).containsExactlyInAnyOrderElementsOf(
				concat( each( "immediate", Signal.UPDATE, a1, a2 ), each( "immediate", Signal.DELETE, b1 ) ) );
		assertThat( journal.of( "after-commit" ) ).isEmpty();
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isEqualTo( 3 );
		assertThat( quantity( a1 ) ).isEqualTo( 1 );
	}
}
