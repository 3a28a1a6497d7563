package io.pgextra.hibernate.cdi;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.pgextra.hibernate.cdi.model.Counter;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;

/**
 * What a container with JPA support gives the application, for Weld SE: a resource-local {@code @Default}
 * {@link EntityManagerFactory} bean (application scoped) on a fresh schema of the project's PostgreSQL; the
 * request-scoped {@code EntityManager} comes from {@link EntityManagerProducer}.
 */
public final class TestPersistenceUnit implements Extension {

	private final String schema;

	public TestPersistenceUnit() {
		this.schema = ( "cdi_" + UUID.randomUUID().toString().substring( 0, 8 ) ).toLowerCase( Locale.ROOT );
	}

	public String schema() {
		return schema;
	}

	void addFactory(@Observes AfterBeanDiscovery event) {
		event.addBean()
				.types( EntityManagerFactory.class, Object.class )
				.scope( ApplicationScoped.class )
				.createWith( context -> createFactory() )
				.destroyWith( (factory, context) -> ( (EntityManagerFactory) factory ).close() );
	}

	private EntityManagerFactory createFactory() {
		execute( "create schema \"" + schema + "\"" );
		PersistenceConfiguration configuration = new PersistenceConfiguration( "cdi" )
				.transactionType( PersistenceUnitTransactionType.RESOURCE_LOCAL )
				.managedClass( Counter.class )
				.property( "hibernate.connection.datasource",
						PostgresDatabase.get().newDataSource( schema + ",public" ) )
				.property( "hibernate.default_schema", schema )
				.property( PersistenceConfiguration.SCHEMAGEN_DATABASE_ACTION, "create" );
		return configuration.createEntityManagerFactory();
	}

	public void dropSchema() {
		execute( "drop schema if exists \"" + schema + "\" cascade" );
	}

	/** @return the first column of the first row of {@code sql}, on a connection of its own (auto-commit) */
	public Object queryOne(String sql) {
		try ( Connection connection = PostgresDatabase.get().connect( schema + ",public" );
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery( sql ) ) {
			return rows.next() ? rows.getObject( 1 ) : null;
		}
		catch (SQLException e) {
			throw new IllegalStateException( sql + ": " + e.getMessage(), e );
		}
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
