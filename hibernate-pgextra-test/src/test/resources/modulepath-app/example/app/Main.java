package example.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.Signals;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Upserts one row twice through the public API and prints, on lines starting with "result ", in which modules
 * the classes were loaded, the two results and the signals received (the signals' Integrator and the other
 * services are found through the automatic module's META-INF/services). Arguments: JDBC URL (with currentSchema),
 * user; the password comes from the environment variable PGEXTRA_TEST_PASSWORD.
 */
public class Main {

	public static void main(String[] args) {
		Module library = PgExtraEntityManager.class.getModule();
		System.out.println( "result modules " + Main.class.getModule().getName() + " " + library.getName()
				+ " automatic=" + library.getDescriptor().isAutomatic() + " "
				+ org.hibernate.Session.class.getModule().getName() + " "
				+ jakarta.persistence.Entity.class.getModule().getName() );
		String password = System.getenv().getOrDefault( "PGEXTRA_TEST_PASSWORD", "" );
		try ( EntityManagerFactory factory = new HibernatePersistenceConfiguration( "modulepath" )
				.managedClass( Item.class )
				.jdbcUrl( args[0] )
				.jdbcCredentials( args[1], password )
				.property( "hibernate.hbm2ddl.auto", "create" )
				.createEntityManagerFactory() ) {
			List<String> signals = Collections.synchronizedList( new ArrayList<>() );
			Signals.of( factory ).connect( Signal.CREATE, Item.class, e -> signals.add( "CREATE " + e.id() ) );
			Signals.of( factory ).connect( Signal.UPDATE, Item.class, e -> signals.add( "UPDATE " + e.id() ) );

			EntityManager em = factory.createEntityManager();
			em.getTransaction().begin();
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			ConflictResult first = pg.onConflict( Item.class, List.of( "name" ), ConflictAction.UPDATE )
					.insertForResult( Map.of( "name", "module", "hits", 1 ) );
			ConflictResult second = pg.onConflict( Item.class, List.of( "name" ), ConflictAction.UPDATE )
					.insertForResult( Map.of( "name", "module", "hits", 2 ) );
			em.getTransaction().commit();
			em.close();
			System.out.println( "result upserts " + first + " " + second );
			System.out.println( "result signals " + signals );
		}
	}
}
