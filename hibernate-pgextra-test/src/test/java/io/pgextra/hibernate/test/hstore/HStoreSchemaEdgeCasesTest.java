package io.pgextra.hibernate.test.hstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.pgextra.hibernate.test.hstore.model.R2Remote;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import io.pgextra.hibernate.test.StderrCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edge cases: hstore constraints of a table in an explicit schema (@Table(schema = ...)), every schema path. */
class HStoreSchemaEdgeCasesTest {

	private static final String REMOTE = "r2_remote_schema";
	private final PostgresDatabase pg = PostgresDatabase.get();
	private String schema;

	@BeforeEach
	void createSchemas() throws SQLException {
		String random = Long.toString( ThreadLocalRandom.current().nextLong( 2_176_782_336L ), 36 );
		schema = "t_r2schema_" + "000000".substring( random.length() ) + random;
		execute( "CREATE SCHEMA " + schema );
		execute( "DROP SCHEMA IF EXISTS " + REMOTE + " CASCADE" );
		execute( "CREATE SCHEMA " + REMOTE );
	}

	@AfterEach
	void dropSchemas() throws SQLException {
		execute( "DROP SCHEMA IF EXISTS " + schema + " CASCADE" );
		execute( "DROP SCHEMA IF EXISTS " + REMOTE + " CASCADE" );
	}

	private EntityManagerFactory build(String action) {
		return new HibernatePersistenceConfiguration( "r2-schema-" + schema )
				.managedClasses( R2Remote.class )
				.jdbcUrl( pg.jdbcUrl( schema + ",public" ) )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( 2 )
				.defaultSchema( schema )
				.property( AvailableSettings.HBM2DDL_AUTO, action )
				.createEntityManagerFactory();
	}

	@Test
	void createPutsTheIndexAndCheckOnTheRemoteTableAndValidatePasses() throws SQLException {
		build( "create" ).close();
		assertThat( objects() ).containsExactlyInAnyOrder( "index r2_remote_attrs_unique_k",
				"check r2_remote_attrs_required_k" );
		build( "validate" ).close();
	}

	@Test
	void updateTwiceThenValidate() throws SQLException {
		build( "update" ).close();
		build( "update" ).close();
		assertThat( objects() ).containsExactlyInAnyOrder( "index r2_remote_attrs_unique_k",
				"check r2_remote_attrs_required_k" );
		build( "validate" ).close();
	}

	@Test
	void validateReportsANonUniqueIndexOfTheSameName() throws SQLException {
		build( "create" ).close();
		execute( "DROP INDEX " + REMOTE + ".r2_remote_attrs_unique_k" );
		execute( "CREATE INDEX r2_remote_attrs_unique_k ON " + REMOTE + ".r2_remote ((attrs -> 'k'))" );
		try ( StderrCapture log = StderrCapture.start() ) {
			build( "update" ).close(); // leaves it (create unique index if not exists), and says so
			assertThat( log.text() ).contains( "Schema update could not create an hstore constraint: unique index "
					+ "\"r2_remote_attrs_unique_k\"" );
		}
		assertThatThrownBy( () -> build( "validate" ).close() ).hasStackTraceContaining( "r2_remote_attrs_unique_k" );
	}

	private List<String> objects() throws SQLException {
		List<String> out = new ArrayList<>();
		try ( Connection c = pg.connect(); Statement st = c.createStatement();
				ResultSet rs = st.executeQuery( "SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = '" + REMOTE
						+ "' AND indexname <> 'r2_remote_pkey' UNION ALL SELECT 'check ' || conname FROM pg_constraint"
						+ " WHERE contype = 'c' AND conrelid = '" + REMOTE + ".r2_remote'::regclass" ) ) {
			while ( rs.next() ) {
				out.add( rs.getString( 1 ) );
			}
		}
		return out;
	}

	private void execute(String sql) throws SQLException {
		try ( Connection c = pg.connect(); Statement st = c.createStatement() ) {
			st.execute( sql );
		}
	}
}
