package io.pgextra.hibernate.spring.readme;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.spring.TestApp;
import io.pgextra.hibernate.spring.TestDatabase;
import io.pgextra.hibernate.spring.model.AuditEntry;
import io.pgextra.hibernate.spring.model.AuditRepository;
import io.pgextra.hibernate.spring.model.Item;
import io.pgextra.hibernate.spring.model.ItemRepository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Spring Boot" section runs: {@link Inventory}, {@link ItemRepository}, {@link ItemAudit}. */
@SpringBootTest(classes = TestApp.class)
@Import({ Inventory.class, ItemAudit.class })
@DirtiesContext
class ReadmeSpringBootTest {

	static final String SCHEMA = TestDatabase.createSchema( "spring_readme" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register( registry, SCHEMA );
	}

	@AfterAll
	static void dropSchema() {
		TestDatabase.dropSchema( SCHEMA );
	}

	@Autowired
	Inventory inventory;

	@Autowired
	ItemRepository items;

	@Autowired
	AuditRepository audits;

	@Test
	void snippetsRun() {
		Long restocked = inventory.restock( "R-1", 7 );
		assertThat( TestDatabase.queryOne( SCHEMA, "select quantity from item where id = " + restocked ) ).isEqualTo( 7 );

		// README, verbatim:
		Long id = items.upsert(ConflictTarget.attributes("sku"), new Item("A-1", 3));
		Item item = items.upsertAndGet(ConflictTarget.attributes("sku"), Map.of("sku", "A-1", "quantity", 5));
		List<Long> ids = items.bulkUpsert(ConflictTarget.attributes("sku"), List.of(new Item("A-1", 6), new Item("B-2", 1)));
		items.onConflict(ConflictTarget.attributes("sku")).doNothing().insert(new Item("A-1", 0));

		assertThat( item.getId() ).isEqualTo( id );
		assertThat( item.getQuantity() ).isEqualTo( 5 );
		assertThat( ids ).hasSize( 2 ).startsWith( id );
		assertThat( TestDatabase.queryOne( SCHEMA, "select quantity from item where sku = 'A-1'" ) ).isEqualTo( 6 );
		assertThat( TestDatabase.count( SCHEMA, "item" ) ).isEqualTo( 3 );

		// ItemAudit: one committed entry per CREATE and UPDATE (DO NOTHING wrote no row: no signal)
		assertThat( audits.findAll() ).extracting( AuditEntry::getMessage ).containsExactlyInAnyOrder(
				"CREATE item " + restocked,
				"CREATE item " + id, "UPDATE item " + id, "UPDATE item " + id,
				"CREATE item " + ids.get( 1 ) );
	}
}
