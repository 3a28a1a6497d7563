package io.pgextra.hibernate.spring;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.pgextra.hibernate.testing.PostgresDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The project's PostgreSQL harness for Spring tests: one fresh schema per test class ({@code search_path =
 * <schema>, public}, hstore lives in {@code public}), given to Boot as {@code spring.datasource.*}.
 */
public final class TestDatabase {

	private TestDatabase() {
	}

	/** @return a new, empty schema {@code <prefix>_<random>} */
	public static String createSchema(String prefix) {
		String name = ( prefix + "_" + UUID.randomUUID().toString().substring( 0, 8 ) ).toLowerCase( Locale.ROOT );
		execute( "create schema \"" + name + "\"" );
		return name;
	}

	public static void dropSchema(String schema) {
		execute( "drop schema if exists \"" + schema + "\" cascade" );
	}

	/** Points Boot's data source and Hibernate at {@code schema}. */
	public static void register(DynamicPropertyRegistry registry, String schema) {
		PostgresDatabase db = PostgresDatabase.get();
		registry.add( "spring.datasource.url", () -> db.jdbcUrl( schema + ",public" ) );
		registry.add( "spring.datasource.username", db::user );
		registry.add( "spring.datasource.password", db::password );
		registry.add( "spring.jpa.properties.hibernate.default_schema", () -> schema );
	}

	/** @return the first column of the first row of {@code sql}, run on a connection of its own (auto-commit) */
	public static Object queryOne(String schema, String sql) {
		try ( Connection connection = PostgresDatabase.get().connect( schema + ",public" );
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery( sql ) ) {
			return rows.next() ? rows.getObject( 1 ) : null;
		}
		catch (SQLException e) {
			throw new IllegalStateException( sql + ": " + e.getMessage(), e );
		}
	}

	public static long count(String schema, String table) {
		return ( (Number) queryOne( schema, "select count(*) from \"" + schema + "\"." + table ) ).longValue();
	}

	private static void execute(String sql) {
		try ( Connection connection = PostgresDatabase.get().connect();
				Statement statement = connection.createStatement() ) {
			statement.execute( sql );
		}
		catch (SQLException e) {
			throw new IllegalStateException( sql + ": " + e.getMessage(), e );
		}
	}
}
