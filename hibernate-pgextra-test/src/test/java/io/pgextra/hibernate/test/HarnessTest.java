package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Self-test of {@link PgExtension} and {@link PostgresDatabase}.
 */
class HarnessTest {

	@Entity
	@Table(name = "harness_item")
	static class Item {
		@Id
		Long id;
		String name;

		Item() {
		}

		Item(Long id, String name) {
			this.id = id;
			this.name = name;
		}
	}

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Item.class );

	@Test
	void persistsIntoTheTestSchemaAndRecordsTheInsert() {
		db.clearSql();
		db.inTransaction( em -> em.persist( new Item( 1L, "one" ) ) );

		assertThat( db.count( "harness_item" ) ).isEqualTo( 1 );
		assertThat( db.count( db.schema() + ".harness_item" ) ).isEqualTo( 1 );
		assertThat( db.rows( "SELECT id, name FROM harness_item WHERE id = ?", 1L ) )
				.containsExactly( Map.of( "id", 1L, "name", "one" ) );
		assertThat( db.sql() ).singleElement().satisfies( sql -> assertThat( sql.toLowerCase( Locale.ROOT ) )
				.startsWith( "insert into " + db.schema() + ".harness_item" ) );

		assertThat( db.schema() ).matches( "t_harnesstest_[0-9a-z]{6}" );
		assertThat( db.rows( "SELECT table_schema FROM information_schema.tables WHERE table_name = 'harness_item'" ) )
				.containsExactly( Map.of( "table_schema", db.schema() ) );
		String name = db.fromTransaction( em -> em.find( Item.class, 1L ).name );
		assertThat( name ).isEqualTo( "one" );
	}

	@Test
	void batchesInsertsAndRollsBackOnFailure() {
		db.clearSql();
		db.inTransaction( em -> {
			for ( long i = 100; i < 110; i++ ) {
				em.persist( new Item( i, "n" + i ) );
			}
		} );
		assertThat( db.count( "harness_item WHERE id BETWEEN 100 AND 109" ) ).isEqualTo( 10 );
		assertThat( db.sql() ).hasSize( 1 ); // prepared once, executed as one JDBC batch

		assertThatThrownBy( () -> db.inTransaction( em -> {
			em.persist( new Item( 200L, "rolled back" ) );
			em.flush();
			throw new IllegalStateException( "boom" );
		} ) ).isInstanceOf( IllegalStateException.class ).hasMessage( "boom" );
		assertThat( db.count( "harness_item WHERE id = 200" ) ).isZero();
	}

	@Test
	void hstoreIsAvailable() {
		String value = db.jdbc( c -> {
			try ( var st = c.createStatement(); var rs = st.executeQuery( "SELECT 'a=>1'::hstore -> 'a'" ) ) {
				rs.next();
				return rs.getString( 1 );
			}
		} );
		assertThat( value ).isEqualTo( "1" );

		db.execute( "CREATE TABLE kv (id int PRIMARY KEY, attrs hstore)" );
		db.execute( "INSERT INTO kv VALUES (1, 'x=>y')" );
		assertThat( db.rows( "SELECT attrs -> 'x' AS x, attrs FROM kv" ) )
				.containsExactly( Map.of( "x", "y", "attrs", Map.of( "x", "y" ) ) );
		assertThat( db.rows( "SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'hstore'" ) )
				.containsExactly( Map.of( "schema", "public" ) );
	}

	@Test
	void recordsSqlFromManyThreads() throws Exception {
		db.clearSql();
		ExecutorService pool = Executors.newFixedThreadPool( 4 );
		try {
			List<Future<?>> futures = new ArrayList<>();
			for ( int t = 0; t < 4; t++ ) {
				long base = 1000L + t * 100;
				futures.add( pool.submit( () -> {
					for ( long i = 0; i < 20; i++ ) {
						long id = base + i;
						db.inTransaction( em -> em.persist( new Item( id, "threaded" ) ) );
					}
				} ) );
			}
			for ( Future<?> future : futures ) {
				future.get( 60, TimeUnit.SECONDS );
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat( db.sql() ).hasSize( 80 ).allSatisfy( sql -> assertThat( sql ).startsWithIgnoringCase( "insert" ) );
		assertThat( db.count( "harness_item WHERE name = 'threaded'" ) ).isEqualTo( 80 );
	}

	@Test
	void jdbcErrorsPropagateUnchanged() {
		assertThatThrownBy( () -> db.execute( "SELECT * FROM no_such_table" ) )
				.isInstanceOf( SQLException.class )
				.hasMessageContaining( "no_such_table" );
	}

	@Test
	void oneDatabasePerJvm() {
		PostgresDatabase pg = PostgresDatabase.get();
		assertThat( pg.description() ).startsWith( "PostgreSQL " );
		assertThat( pg.jdbcUrl() ).startsWith( "jdbc:postgresql:" );
		assertThat( PostgresDatabase.get() ).isSameAs( pg ).isSameAs( db.database() );
	}

	/** Only through a transaction-mode pooler (the PgBouncer leg of CI): no session setting is relied upon. */
	@Test
	void throughATransactionPoolerNoConnectionCarriesTheSchemaInItsSearchPath() {
		org.junit.jupiter.api.Assumptions.assumeTrue( db.database().transactionPooled(), "not through a pooler" );
		String factorySearchPath = db.fromTransaction( em -> em.unwrap( org.hibernate.Session.class )
				.doReturningWork( c -> {
					try ( var st = c.createStatement(); var rs = st.executeQuery( "SHOW search_path" ) ) {
						rs.next();
						return rs.getString( 1 );
					}
				} ) );
		assertThat( factorySearchPath ).doesNotContain( db.schema() );
		// the helpers set it for their own transaction only
		assertThat( db.rows( "SELECT current_schema() AS s" ) ).containsExactly( Map.of( "s", db.schema() ) );
		assertThatThrownBy( () -> db.database().jdbcUrl( db.schema() ) ).isInstanceOf( IllegalStateException.class )
				.hasMessageContaining( "refuses currentSchema" );
	}

	@Nested
	class NestedClasses {
		@Test
		void shareTheOuterSchemaAndFactory() {
			assertThat( db.schema() ).startsWith( "t_harnesstest_" );
			db.inTransaction( em -> em.persist( new Item( 5000L, "nested" ) ) );
			assertThat( db.count( "harness_item WHERE id = 5000" ) ).isEqualTo( 1 );
		}
	}
}
