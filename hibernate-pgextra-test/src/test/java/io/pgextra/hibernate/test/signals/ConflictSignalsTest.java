package io.pgextra.hibernate.test.signals;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Counter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every insert of {@code PgExtraEntityManager}: create when the row was new, update when it was updated, else nothing. */
class ConflictSignalsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	private final List<SignalConnection> connections = new ArrayList<>();
	private final Recorder<Counter> events = new Recorder<>();

	@BeforeEach
	void connect() {
		db.execute( "TRUNCATE counter" );
		Signals signals = Signals.of( db.emf() );
		for ( Signal signal : Signal.values() ) {
			connections.add( signals.connect( signal, Counter.class, events ) );
		}
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	private static Map<String, Object> row(String name, int hits) {
		return Map.of( "name", name, "hits", hits );
	}

	@Test
	void insertOfANewRowSendsCreateAndUpsertOfAnExistingOneUpdate() {
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Counter.class, NAME, row( "a", 1 ) ) );
		assertThat( events.signals() ).containsExactly( Signal.CREATE );
		assertThat( events.ids() ).containsExactly( id );

		Counter counter = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsertAndGet( Counter.class, NAME, row( "a", 2 ) ) );
		assertThat( events.signals() ).containsExactly( Signal.CREATE, Signal.UPDATE );
		assertThat( events.events().get( 1 ) ).satisfies( event -> {
			assertThat( event.id() ).isEqualTo( id );
			assertThat( event.entity() ).isSameAs( counter );
			assertThat( event.entityClass() ).isEqualTo( Counter.class );
		} );
	}

	@Test
	void doNothingOnConflictSendsNothing() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.onConflict( Counter.class, NAME, ConflictAction.NOTHING ).insert( row( "a", 1 ) );
			pg.onConflict( Counter.class, NAME, ConflictAction.NOTHING ).insert( row( "a", 2 ) );
			pg.onConflict( Counter.class, NAME, ConflictAction.NOTHING ).insertAndGet( row( "a", 3 ) );
		} );
		assertThat( events.signals() ).containsExactly( Signal.CREATE );
	}

	@Test
	void conditionalUpdateWhoseConditionIsFalseSendsNothing() {
		db.inTransaction( em -> {
			var newer = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate()
					.where( excluded( "revision" ).gt( existing( "revision" ) ) );
			newer.insert( Map.of( "name", "a", "hits", 1, "revision", 5L ) );
			newer.insert( Map.of( "name", "a", "hits", 1, "revision", 4L ) );
			newer.insert( Map.of( "name", "a", "hits", 1, "revision", 6L ) );
		} );
		assertThat( events.signals() ).containsExactly( Signal.CREATE, Signal.UPDATE );
	}

	@Test
	void bulkInsertSignalsEachWrittenRowInInputOrder() {
		Long a = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Counter.class, NAME, row( "a", 1 ) ) );
		events.clear();
		List<Map<String, Object>> result = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Counter.class, NAME, ConflictAction.UPDATE )
				.bulkInsertMaps( List.of( row( "c", 1 ), row( "a", 2 ), row( "b", 3 ) ) ) );
		assertThat( events.signals() ).containsExactly( Signal.CREATE, Signal.UPDATE, Signal.CREATE );
		assertThat( events.ids() ).containsExactly( result.get( 0 ).get( "id" ), a, result.get( 2 ).get( "id" ) );

		events.clear();
		db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME, ConflictAction.NOTHING )
				.bulkInsertMaps( List.of( row( "a", 9 ), row( "d", 1 ), row( "d", 2 ) ) ) );
		assertThat( events.signals() ).containsExactly( Signal.CREATE );
		assertThat( events.events() ).extracting( SignalEvent::entity ).containsOnlyNulls();
	}

	@Test
	void insertsFromEntitiesSignalTooAndTheInputStaysTransient() {
		db.inTransaction( em -> {
			Counter input = new Counter();
			input.name = "e";
			input.hits = 1;
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.upsert( NAME, input );
			pg.upsert( NAME, input );
			assertThat( em.contains( input ) ).isFalse();
		} );
		assertThat( events.signals() ).containsExactly( Signal.CREATE, Signal.UPDATE );
	}
}
