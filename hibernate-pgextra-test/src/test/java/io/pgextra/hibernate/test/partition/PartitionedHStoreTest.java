package io.pgextra.hibernate.test.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.partition.model.BadColumnsEvent;
import io.pgextra.hibernate.test.partition.model.Event;
import io.pgextra.hibernate.test.partition.model.TaggedEvent;
import io.pgextra.hibernate.test.partition.model.TenantTaggedEvent;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.AnnotationException;
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
		db.execute( """
				CREATE TABLE tenant_tagged (id bigserial NOT NULL, tenant text NOT NULL, attrs hstore,
				    PRIMARY KEY (tenant, id)) PARTITION BY LIST (tenant)""" );
		db.execute( "CREATE TABLE tenant_tagged_a PARTITION OF tenant_tagged FOR VALUES IN ('a')" );
		db.execute( "CREATE TABLE tenant_tagged_b PARTITION OF tenant_tagged FOR VALUES IN ('b')" );
	}

	@Test
	void updateAndValidateRefuseTheDeclarationWithTheRealReason() {
		for ( String action : new String[] { "update", "validate" } ) {
			assertThatThrownBy( () -> build( action, TaggedEvent.class ).close() ).as( action ).satisfies( e -> {
				String message = cause( e ).getMessage();
				assertThat( message )
						.contains( "The unique index \"tagged_events_attrs_unique_sku\" on table " + db.schema()
								+ ".tagged_events for @HStoreUnique({\"sku\"}) on attribute 'attrs' of entity '"
								+ TaggedEvent.class.getName() + "' cannot exist" )
						.contains( "is partitioned (LIST (tenant))" )
						.contains( "include all its partition key columns [tenant]" )
						.contains( "Hint: include them, e.g. @HStoreUnique(value = {\"sku\"}, columns = {\"tenant\"})" )
						.doesNotContain( "most likely" ).doesNotContain( "create unique index" );
			} );
		}
		assertThat( db.rows( "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexname LIKE '%sku%'",
				db.schema() ) ).isEmpty();
	}

	@Test
	void aDeclarationWithThePartitionKeyColumnIsCreatedValidatedAndAConflictTarget() throws Exception {
		build( "update", TenantTaggedEvent.class ).close();
		assertThat( db.rows( "SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = 'tenant_tagged'"
				+ " AND indexname LIKE '%sku%'", db.schema() ) ).containsExactly( Map.of( "indexdef",
						"CREATE UNIQUE INDEX tenant_tagged_attrs_unique_tenant_sku ON ONLY " + db.schema()
								+ ".tenant_tagged USING btree (tenant, ((attrs -> 'sku'::text)))" ) );
		EntityManagerFactory emf = build( "validate", TenantTaggedEvent.class );
		try {
			emf.getSchemaManager().validate();
			ConflictTarget target = ConflictTarget.attributes( "tenant" ).andHStoreKey( "attrs", "sku" );
			List<ConflictResult> results = inTransaction( emf, em -> PgExtraEntityManager.of( em )
					.onConflict( TenantTaggedEvent.class, target, ConflictAction.NOTHING )
					.bulkInsertMapsForResults( List.of( Map.of( "tenant", "a", "attrs", Map.of( "sku", "1" ) ),
							Map.of( "tenant", "b", "attrs", Map.of( "sku", "1" ) ) ) ) );
			assertThat( results ).extracting( ConflictResult::outcome ).containsOnly( RowOutcome.INSERTED );
			ConflictResult again = inTransaction( emf, em -> PgExtraEntityManager.of( em )
					.onConflict( TenantTaggedEvent.class, target ).doUpdate()
					.insertForResult( Map.of( "tenant", "b", "attrs", Map.of( "sku", "1", "n", "2" ) ) ) );
			assertThat( again.outcome() ).isEqualTo( RowOutcome.UPDATED );
			assertThat( again.id() ).isEqualTo( results.get( 1 ).id() );
		}
		finally {
			emf.close();
		}
		assertThatThrownBy( () -> db.execute( "INSERT INTO tenant_tagged (tenant, attrs) VALUES ('a', 'sku=>1')" ) )
				.hasMessageContaining( "duplicate key value violates unique constraint" );
		assertThat( db.rows( "SELECT tenant, coalesce(attrs -> 'n', '-') AS n FROM tenant_tagged ORDER BY tenant" ) )
				.containsExactly( Map.of( "tenant", "a", "n", "-" ), Map.of( "tenant", "b", "n", "2" ) );
	}

	@Test
	void columnsMustBeColumnsOfTheTableAsInTheDatabase() {
		assertThatThrownBy( () -> build( "update", BadColumnsEvent.class ).close() )
				.isInstanceOf( AnnotationException.class )
				.hasMessageContaining( "attribute 'attrs': @HStoreUnique(columns = {\"Tenant\"}) names no column of table"
						+ " bad_columns; its columns, as in the database: [" );
	}

	private static <R> R inTransaction(EntityManagerFactory emf, Function<EntityManager, R> work) {
		EntityManager em = emf.createEntityManager();
		try {
			em.getTransaction().begin();
			R result = work.apply( em );
			em.getTransaction().commit();
			return result;
		}
		finally {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			em.close();
		}
	}

	private static EntityManagerFactory build(String action, Class<?> entity) {
		PostgresDatabase pg = db.database();
		return new HibernatePersistenceConfiguration( "partitioned-hstore-" + db.schema() )
				.managedClasses( entity )
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
