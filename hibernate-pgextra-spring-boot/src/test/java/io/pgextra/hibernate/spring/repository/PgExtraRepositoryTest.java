package io.pgextra.hibernate.spring.repository;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.spring.TestApp;
import io.pgextra.hibernate.spring.TestDatabase;
import io.pgextra.hibernate.spring.model.Item;
import io.pgextra.hibernate.spring.model.ItemRepository;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ItemRepository extends JpaRepository<Item, Long>, PgExtraRepository<Item, Long>}, nothing else. */
@SpringBootTest(classes = TestApp.class)
@DirtiesContext
class PgExtraRepositoryTest {

	static final String SCHEMA = TestDatabase.createSchema( "spring_repository" );
	static final ConflictTarget SKU = ConflictTarget.attributes( "sku" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register( registry, SCHEMA );
	}

	@AfterAll
	static void dropSchema() {
		TestDatabase.dropSchema( SCHEMA );
	}

	@Autowired
	ItemRepository items;

	@Autowired
	EntityManager entityManager;

	@Autowired
	PlatformTransactionManager transactionManager;

	@AfterEach
	void clean() {
		items.deleteAllInBatch();
	}

	private static Object quantity(String sku) {
		return TestDatabase.queryOne( SCHEMA, "select quantity from item where sku = '" + sku + "'" );
	}

	@Test
	void outsideATransactionEachCallRunsInItsOwn() {
		assertThat( TransactionSynchronizationManager.isActualTransactionActive() ).isFalse();
		Long id = items.upsert( SKU, new Item( "A-1", 3 ) );
		assertThat( quantity( "A-1" ) ).isEqualTo( 3 );
		assertThat( items.upsert( SKU, new Item( "A-1", 5 ) ) ).isEqualTo( id );
		assertThat( quantity( "A-1" ) ).isEqualTo( 5 );

		assertThat( items.upsert( SKU, Map.of( "sku", "A-1", "quantity", 6 ) ) ).isEqualTo( id );
		Item got = items.upsertAndGet( SKU, Map.of( "sku", "A-1", "quantity", 7 ) );
		assertThat( got.getId() ).isEqualTo( id );
		assertThat( got.getQuantity() ).isEqualTo( 7 );
		assertThat( items.upsertAndGet( SKU, new Item( "B-1", 1 ) ).getSku() ).isEqualTo( "B-1" );

		List<Long> ids = items.bulkUpsert( SKU, List.of( new Item( "A-1", 8 ), new Item( "C-1", 2 ) ) );
		assertThat( ids ).hasSize( 2 ).startsWith( id );
		List<Map<String, Object>> rows = items.bulkUpsertMaps( SKU, List.of( Map.of( "sku", "C-1", "quantity", 9 ) ) );
		assertThat( rows ).singleElement().satisfies( row -> assertThat( row ).containsEntry( "id", ids.get( 1 ) ) );

		// the steps run their inserts in a transaction of their own too
		Long nothing = items.onConflict( SKU, ConflictAction.NOTHING ).insert( new Item( "A-1", 100 ) );
		assertThat( nothing ).isEqualTo( id ); // DO NOTHING: the key of the row it conflicted with
		Long updated = items.onConflict( SKU ).doUpdate().updating( "quantity" ).insert(
				Map.of( "sku", "A-1", "quantity", 10 ) );
		assertThat( updated ).isEqualTo( id );

		assertThat( quantity( "A-1" ) ).isEqualTo( 10 );
		assertThat( quantity( "B-1" ) ).isEqualTo( 1 );
		assertThat( quantity( "C-1" ) ).isEqualTo( 9 );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isEqualTo( 3 );
	}

	@Test
	void emptyBulkCallsCompileAndSendNothing() {
		// bulkUpsert(target, List.of()) was ambiguous while the map form was an overload of it
		List<Long> ids = items.bulkUpsert( SKU, List.of() );
		List<Map<String, Object>> rows = items.bulkUpsertMaps( SKU, List.of() );
		assertThat( ids ).isEmpty();
		assertThat( rows ).isEmpty();
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
	}

	@Test
	void insideATransactionJoinsIt() {
		Item[] seen = new Item[2];
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			seen[0] = items.upsertAndGet( SKU, new Item( "J-1", 1 ) );
			seen[1] = items.findById( seen[0].getId() ).orElseThrow();
			// not committed yet: another connection does not see it
			assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
		} );
		assertThat( seen[1] ).isSameAs( seen[0] ); // one persistence context: the same transaction
		assertThat( quantity( "J-1" ) ).isEqualTo( 1 );
	}

	@Test
	void rollbackLeavesNothing() {
		new TransactionTemplate( transactionManager ).executeWithoutResult( s -> {
			items.upsert( SKU, new Item( "R-1", 1 ) );
			items.bulkUpsert( SKU, List.of( new Item( "R-2", 1 ), new Item( "R-3", 1 ) ) );
			items.onConflict( SKU, ConflictAction.UPDATE ).insert( new Item( "R-4", 1 ) );
			assertThat( items.count() ).isEqualTo( 4 );
			s.setRollbackOnly();
		} );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
	}

	@Test
	@Transactional
	void insideTransactionalTestMethod() {
		// Spring's test transaction, rolled back after the method (checked by the next test's empty table)
		Long id = items.upsert( SKU, new Item( "T-1", 1 ) );
		assertThat( entityManager.find( Item.class, id ).getSku() ).isEqualTo( "T-1" );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isZero();
	}

	@Test
	void repositoryStaysAJpaRepository() {
		items.save( new Item( "S-1", 1 ) );
		assertThat( items.upsert( SKU, new Item( "S-1", 2 ) ) ).isEqualTo( items.findAll().get( 0 ).getId() );
		assertThat( quantity( "S-1" ) ).isEqualTo( 2 );
	}
}
