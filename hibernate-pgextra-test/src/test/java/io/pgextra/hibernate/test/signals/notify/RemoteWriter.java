package io.pgextra.hibernate.test.signals.notify;

import io.pgextra.hibernate.signals.SignalSettings;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Another application instance, run by {@link AllInstancesSignalsTest} in a second JVM: it has no receiver at all,
 * announces {@link Label} rows because {@link SignalSettings#NOTIFY_ENTITIES} names it, inserts
 * {@code remote-0..n-1} in one transaction and exits.
 * <p>
 * Arguments: JDBC URL, user, password, schema, channel, number of rows.
 */
public final class RemoteWriter {

	public static void main(String[] args) {
		String url = args[0];
		String schema = args[3];
		int rows = Integer.parseInt( args[5] );
		try ( EntityManagerFactory factory = new HibernatePersistenceConfiguration( "remote-writer" )
				.managedClasses( Label.class )
				.jdbcUrl( url )
				.jdbcCredentials( args[1], args[2] )
				.jdbcPoolSize( 2 )
				.defaultSchema( schema )
				.property( AvailableSettings.HBM2DDL_AUTO, "none" )
				.property( SignalSettings.CHANNEL, args[4] )
				.property( SignalSettings.NOTIFY_ENTITIES, Label.class.getName() )
				.createEntityManagerFactory() ) {
			factory.runInTransaction( em -> {
				for ( int i = 0; i < rows; i++ ) {
					em.persist( new Label( "remote-" + i ) );
				}
			} );
		}
		System.out.println( "wrote " + rows );
	}
}
