package io.pgextra.hibernate.spring.schema;

import java.util.Map;

import io.pgextra.hibernate.spring.TestDatabase;
import io.pgextra.hibernate.spring.schema.model.Label;
import io.pgextra.hibernate.spring.schema.model.Product;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Boot's {@code spring.jpa.hibernate.ddl-auto=create} creates the hstore unique indexes and CHECK constraints. */
@SpringBootTest(classes = DdlAutoTest.App.class, properties = "spring.jpa.hibernate.ddl-auto=create")
@DirtiesContext
class DdlAutoTest {

	static final String SCHEMA = TestDatabase.createSchema( "spring_ddl" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register( registry, SCHEMA );
	}

	@AfterAll
	static void dropSchema() {
		TestDatabase.dropSchema( SCHEMA );
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EntityScan(basePackageClasses = Product.class)
	static class App {
	}

	@Autowired
	EntityManager entityManager;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void createsTheHStoreIndexesAndChecks() {
		assertThat( (String) TestDatabase.queryOne( SCHEMA, "select string_agg(indexdef, ' | ') from pg_indexes"
				+ " where schemaname = '" + SCHEMA + "' and tablename = 'product' and indexdef like 'CREATE UNIQUE%'"
				+ " and indexdef like '%name -> %en%'" ) ).isNotNull();
		assertThat( (String) TestDatabase.queryOne( SCHEMA, "select string_agg(pg_get_constraintdef(c.oid), ' | ')"
				+ " from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace"
				+ " where n.nspname = '" + SCHEMA + "' and t.relname = 'product' and c.contype = 'c'" ) )
				.contains( "name -> 'en'" ).contains( "IS NOT NULL" );

		TransactionTemplate tx = new TransactionTemplate( transactionManager );
		tx.executeWithoutResult( s -> entityManager.persist( new Product( Map.of( "en", "beer" ) ) ) );
		// the unique index and the check hold
		assertThatThrownBy( () -> tx.executeWithoutResult( s -> entityManager.persist( new Product( Map.of( "en", "beer" ) ) ) ) )
				.isInstanceOf( PersistenceException.class ).hasStackTraceContaining( "product_name_unique_en" );
		assertThatThrownBy( () -> tx.executeWithoutResult( s -> entityManager.persist( new Product( Map.of( "nl", "bier" ) ) ) ) )
				.isInstanceOf( PersistenceException.class ).hasStackTraceContaining( "violates check constraint" );
		assertThat( TestDatabase.count( SCHEMA, "product" ) ).isEqualTo( 1 );
	}

	@Test
	void hypersistenceHStoreToo() {
		assertThat( (String) TestDatabase.queryOne( SCHEMA, "select string_agg(indexdef, ' | ') from pg_indexes"
				+ " where schemaname = '" + SCHEMA + "' and tablename = 'label' and indexdef like 'CREATE UNIQUE%'" ) )
				.contains( "text -> 'en'" ).contains( "text -> 'nl'" );
		TransactionTemplate tx = new TransactionTemplate( transactionManager );
		tx.executeWithoutResult( s -> entityManager.persist( new Label( Map.of( "en", "beer", "nl", "bier" ) ) ) );
		tx.executeWithoutResult( s -> entityManager.persist( new Label( Map.of( "en", "beer", "nl", "pils" ) ) ) );
		assertThatThrownBy( () -> tx.executeWithoutResult( s -> entityManager.persist(
				new Label( Map.of( "en", "beer", "nl", "bier" ) ) ) ) )
				.isInstanceOf( PersistenceException.class ).hasStackTraceContaining( "duplicate key" );
		assertThat( TestDatabase.count( SCHEMA, "label" ) ).isEqualTo( 2 );
	}
}
