package io.pgextra.hibernate.quarkus.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.pgextra.hibernate.testing.PostgresDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The database of the Quarkus application under test: the project's harness ({@link PostgresDatabase}), so
 * {@code PGEXTRA_TEST_JDBC_URL} when it is set, else an embedded PostgreSQL started here (no Docker: Dev Services are
 * off). The application gets a schema of its own, {@value #SCHEMA}, dropped and created anew before Quarkus starts, so
 * that {@code quarkus.hibernate-orm.schema-management.strategy=update} starts from an empty schema every run and
 * creates the tables and the hstore indexes itself.
 */
public class PgExtraPostgresResource implements QuarkusTestResourceLifecycleManager {

	/** The application's schema (first in its connections' search_path; hstore lives in public). */
	public static final String SCHEMA = "pgextra_quarkus_it";

	@Override
	public Map<String, String> start() {
		PostgresDatabase db = PostgresDatabase.get();
		try ( Connection c = db.connect(); Statement st = c.createStatement() ) {
			st.execute( "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE" );
			st.execute( "CREATE SCHEMA " + SCHEMA );
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Cannot prepare schema " + SCHEMA + " on " + db.description(), e );
		}
		return Map.of(
				"quarkus.datasource.jdbc.url", db.jdbcUrl( SCHEMA + ",public" ),
				"quarkus.datasource.username", db.user(),
				"quarkus.datasource.password", db.password() );
	}

	@Override
	public void stop() {
		// an embedded server stops when the JVM exits; the schema stays for a look after the run
	}
}
