package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.MyModel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The three examples of the seed's "Signals" section (hstore-upsert-signals.md), in Java, as in the README. */
class SignalSeedExamplesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	private final List<String> printed = Collections.synchronizedList( new ArrayList<>() );
	private final List<SignalConnection> connections = new ArrayList<>();

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE my_model" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	private void println(String line) {
		printed.add( line );
	}

	@Test
	void create() {
		Signals signals = Signals.of( db.emf() );
		connections.add( signals.connect( Signal.CREATE, MyModel.class,
				event -> println( "model created with pk " + event.id() ) ) );

		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			// this will trigger the signal
			MyModel instance = new MyModel( "cookies", null );
			pg.persist( instance );

			// but so will this
			Long id = pg.upsert( MyModel.class, ConflictTarget.attributes( "myfield" ), Map.of( "myfield", "cheers" ) );

			assertThat( printed ).containsExactly( "model created with pk " + instance.id, "model created with pk " + id );
		} );
	}

	@Test
	void update() {
		List<Long> ids = db.fromTransaction( em -> {
			List<Long> result = new ArrayList<>();
			for ( String value : List.of( "cookies", "cookies too", "wine" ) ) {
				MyModel model = new MyModel( value, null );
				em.persist( model );
				result.add( model.id );
			}
			return result;
		} );
		Signals signals = Signals.of( db.emf() );
		connections.add( signals.connect( Signal.UPDATE, MyModel.class,
				event -> println( "model updated with pk " + event.id() ) ) );

		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			// for every row that is affected, the signal will be sent
			pg.createQuery( "update MyModel set note = 'cheers' where myfield like 'cookies%'" ).executeUpdate();
		} );
		assertThat( printed ).containsExactlyInAnyOrder( "model updated with pk " + ids.get( 0 ), "model updated with pk " + ids.get( 1 ) );
	}

	@Test
	void delete() {
		List<Long> ids = db.fromTransaction( em -> {
			List<Long> result = new ArrayList<>();
			for ( String value : List.of( "cookies", "beer", "wine" ) ) {
				MyModel model = new MyModel( value, null );
				em.persist( model );
				result.add( model.id );
			}
			return result;
		} );
		Signals signals = Signals.of( db.emf() );
		connections.add( signals.connect( Signal.DELETE, MyModel.class,
				event -> println( "model deleted with pk " + event.id() ) ) );

		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			// for every row that is affected, the signal will be sent
			pg.createQuery( "delete from MyModel where myfield = 'cookies'" ).executeUpdate();

			// in this case, a single row is deleted, the signal will be sent for this particular row
			pg.remove( pg.find( MyModel.class, ids.get( 1 ) ) );
		} );
		assertThat( printed ).containsExactly( "model deleted with pk " + ids.get( 0 ), "model deleted with pk " + ids.get( 1 ) );
		assertThat( db.count( "my_model" ) ).isEqualTo( 1 );
	}
}
