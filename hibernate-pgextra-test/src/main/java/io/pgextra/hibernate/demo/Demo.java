package io.pgextra.hibernate.demo;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.testing.PostgresDatabase;

import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

import jakarta.persistence.EntityManager;

/**
 * Runs the README's examples against a real PostgreSQL (embedded unless {@code PGEXTRA_TEST_JDBC_URL} is set) and
 * prints what each operation did.
 */
public final class Demo {

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	private Demo() {
	}

	public static void main(String[] args) {
		PostgresDatabase database = PostgresDatabase.get();
		System.out.println( "PostgreSQL: " + database.description() );
		String schema = "pgextra_demo";
		try ( var connection = database.connect() ) {
			connection.createStatement().execute( "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema );
		}
		catch (java.sql.SQLException e) {
			throw new IllegalStateException( e );
		}
		Configuration configuration = new Configuration()
				.addAnnotatedClass( Beer.class )
				.addAnnotatedClass( Product.class )
				.setProperty( "hibernate.connection.url", database.jdbcUrl( schema + ",public" ) )
				.setProperty( "hibernate.connection.username", database.user() )
				.setProperty( "hibernate.connection.password", database.password() )
				.setProperty( "hibernate.hbm2ddl.auto", "create" )
				.setProperty( "hibernate.show_sql", "false" );
		try ( SessionFactory factory = configuration.buildSessionFactory() ) {
			inTransaction( factory, em -> {
				PgExtraEntityManager pg = PgExtraEntityManager.of( em );

				Beer obj2 = pg.onConflict( Beer.class, NAME, ConflictAction.UPDATE )
						.insertAndGet( Map.of( "name", "beer", "brewery", "Brouwerij 't IJ" ) );
				print( "upsert, then fetch (one statement)", obj2 );

				Beer obj1 = pg.onConflict( Beer.class, NAME, ConflictAction.NOTHING )
						.insertAndGet( Map.of( "name", "beer", "brewery", "ignored: the row exists" ) );
				print( "insert or do nothing, then fetch: the same managed instance? " + ( obj1 == obj2 ), obj1 );

				Long id = pg.onConflict( Beer.class, NAME, ConflictAction.UPDATE ).insert( Map.of( "name", "beer" ) );
				print( "upsert, primary key only", id );

				List<Map<String, Object>> rows = pg.onConflict( Beer.class, NAME, ConflictAction.UPDATE )
						.bulkInsertMaps( List.of( Map.of( "name", "swen" ), Map.of( "name", "henk" ), Map.of( "name", "beer" ) ) );
				print( "bulk upsert: input merged with the primary keys, in input order", rows );
				System.out.println( "    (ids have gaps: INSERT ... ON CONFLICT takes the next id for every proposed row before it\n"
						+ "    knows whether the row conflicts, and keeps it taken when it updates the existing row or leaves it\n"
						+ "    alone; the calls above on 'beer' took some. Rows go in conflict-key order: henk before swen.)" );

				List<ConflictResult> results = pg.onConflict( Beer.class, NAME ).doUpdate()
						.set( "ratings", existing( "ratings" ).plus( excluded( "ratings" ) ) )
						.bulkInsertMapsForResults( List.of( Map.of( "name", "beer", "ratings", 5 ), Map.of( "name", "adela", "ratings", 3 ) ) );
				print( "ratings = ratings + EXCLUDED.ratings, per-row outcome", results );

				Long same = pg.upsert( Beer.class, NAME, Map.of( "name", "beer", "brewery", "Jopen" ) );
				print( "shorthand upsert returns the same key", same );
			} );
			inTransaction( factory, em -> print( "rows now",
					em.createQuery( "from Beer order by id", Beer.class ).getResultList() ) );

			// hstore: @HStoreUnique("en") is a unique index on (name -> 'en'), usable as a conflict target
			inTransaction( factory, em -> {
				PgExtraEntityManager pg = PgExtraEntityManager.of( em );
				ConflictTarget english = ConflictTarget.hstoreKey( "name", "en" );
				Long first = pg.onConflict( Product.class, english, ConflictAction.NOTHING )
						.insert( Map.of( "name", Map.of( "en", "Swen", "nl", "Zwaan" ) ) );
				Long second = pg.onConflict( Product.class, english, ConflictAction.NOTHING )
						.insert( Map.of( "name", Map.of( "en", "Swen", "nl", "ignored" ) ) );
				print( "hstore key target (name -> 'en'), NOTHING: same key twice gives the same id", first + " and " + second );
				Product product = em.find( Product.class, first );
				product.name.put( "de", "Schwan" );
			} );
			inTransaction( factory, em -> print( "a map edited in place is saved at flush",
					em.createQuery( "from Product", Product.class ).getResultList() ) );

			// signals: one per affected row, bulk statements included; each line names the call that sent it
			Signals signals = Signals.of( factory );
			AtomicReference<String> call = new AtomicReference<>();
			Receiver<Beer> receiver = e -> System.out.println( "    signal " + e.signal() + " for Beer id=" + e.id()
					+ ", sent by " + call.get() );
			System.out.println( "- signals (a receiver connected for CREATE, UPDATE and DELETE of Beer):" );
			SignalConnection connection = signals.connectAll( Beer.class, receiver );
			try {
				inTransaction( factory, em -> {
					PgExtraEntityManager pg = PgExtraEntityManager.of( em );
					call.set( "pg.upsert(Beer.class, name, {name=stout}) (a new row: inserted)" );
					pg.upsert( Beer.class, NAME, Map.of( "name", "stout" ) );
					call.set( "pg.upsert(Beer.class, name, {name=stout, brewery=Jopen}) (the row exists: updated)" );
					pg.upsert( Beer.class, NAME, Map.of( "name", "stout", "brewery", "Jopen" ) );
					call.set( "em.persist(porter) (IDENTITY: inserted at once)" );
					Beer porter = new Beer();
					porter.name = "porter";
					em.persist( porter );
					call.set( "em.flush() of a changed managed porter" );
					porter.ratings = 4;
					em.flush();
					call.set( "pg.createQuery(\"update Beer set ratings = ratings + 1 where name in ('swen', 'henk')\")" );
					pg.createQuery( "update Beer set ratings = ratings + 1 where name in ('swen', 'henk')" ).executeUpdate();
					call.set( "pg.createQuery(\"delete from Beer where name = 'adela'\")" );
					pg.createQuery( "delete from Beer where name = 'adela'" ).executeUpdate();
					call.set( "em.remove(porter), at the flush" );
					em.remove( porter );
					em.flush();
				} );
			}
			finally {
				connection.disconnect();
			}
		}
	}

	private static void inTransaction(SessionFactory factory, Consumer<EntityManager> work) {
		factory.inTransaction( session -> work.accept( session ) );
	}

	private static void print(String what, Object result) {
		System.out.println( "- " + what + ":\n    " + result );
	}
}
