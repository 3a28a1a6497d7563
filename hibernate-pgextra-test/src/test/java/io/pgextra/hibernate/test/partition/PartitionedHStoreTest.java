package io.pgextra.hibernate.test.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.partition.model.Event;
import io.pgextra.hibernate.test.partition.model.TaggedEvent;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @HStoreUnique} on a partitioned table: PostgreSQL requires the partition key in every unique index of a
 * partitioned table, so the schema tool refuses the declaration at boot and says so, on {@code update} (instead of
 * warning that rows may violate it) and on {@code validate} (instead of proposing a statement PostgreSQL refuses).
 */
class PartitionedHStoreTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Event.class ).property( "hibernate.hbm2ddl.auto", "none" );

	@BeforeAll
	static void table() {
		db.execute( """
				CREATE TABLE tagged_events (id bigint NOT NULL, tenant text NOT NULL, attrs hstore,
				    PRIMARY KEY (tenant, id)) PARTITION BY LIST (tenant)""" );
		db.execute( "CREATE TABLE tagged_events_a PARTITION OF tagged_events FOR VALUES IN ('a')" );
	}

	@Test
	void updateAndValidateRefuseTheDeclarationWithTheRealReason() {
		for ( String action : new String[] { "update", "validate" } ) {
			assertThatThrownBy( () -> build( action ).close() ).as( action ).satisfies( e -> {
				String message = cause( e ).getMessage();
				assertThat( message )
						.contains( "The unique index \"tagged_events_attrs_unique_sku\" on table " + db.schema()
								+ ".tagged_events for @HStoreUnique({\"sku\"}) on attribute 'attrs' of entity '"
								+ TaggedEvent.class.getName() + "' cannot exist" )
						.contains( "is partitioned (LIST (tenant))" )
						.contains( "include all its partition key columns [tenant]" )
						.doesNotContain( "most likely" ).doesNotContain( "create unique index" );
			} );
		}
		assertThat( db.rows( "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexname LIKE '%sku%'",
				db.schema() ) ).isEmpty();
	}

	private static EntityManagerFactory build(String action) {
		PostgresDatabase pg = db.database();
		return new HibernatePersistenceConfiguration( "partitioned-hstore-" + db.schema() )
				.managedClasses( TaggedEvent.class )
				.jdbcUrl( pg.transactionPooled() ? pg.jdbcUrl() : pg.jdbcUrl( db.schema() + ",public" ) )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( 2 )
				.defaultSchema( db.schema() )
				.property( AvailableSettings.HBM2DDL_AUTO, action )
				.createEntityManagerFactory();
	}

	private static SchemaManagementException cause(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof SchemaManagementException s ) {
				return s;
			}
		}
		throw new AssertionError( "no SchemaManagementException in the causes of " + e, e );
	}
}
