package io.pgextra.hibernate.test.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.partition.model.Event;
import io.pgextra.hibernate.test.partition.model.Reading;
import io.pgextra.hibernate.test.signals.Recorder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A signalled bulk {@code update} or {@code delete} on a partitioned table keeps its restriction, so PostgreSQL prunes
 * partitions.
 */
class PartitionedBulkSignalsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Event.class, Reading.class )
			.property( "hibernate.hbm2ddl.auto", "none" );

	private final List<SignalConnection> connections = new ArrayList<>();

	@BeforeAll
	static void tables() {
		PartitionedTables.create( db );
	}

	@BeforeEach
	void clean() {
		PartitionedTables.truncate( db );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	@Test
	void signalledDeleteTouchesOnlyThePartitionsItsRestrictionSelects() {
		List<Long> ids = db.fromTransaction( em -> {
			List<Long> list = new ArrayList<>();
			for ( String tenant : List.of( "a", "b", "a", "b", "a" ) ) {
				Event event = new Event( tenant, "e" + list.size(), list.size() );
				em.persist( event );
				list.add( event.id );
			}
			return list;
		} );
		Recorder<Event> deletes = new Recorder<>();
		connections.add( Signals.of( db.emf() ).connect( Signal.DELETE, Event.class, deletes ) );
		db.clearSql();

		int deleted = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete from Event where tenant = 'a' and hits >= 2" ).executeUpdate() );

		assertThat( deleted ).isEqualTo( 2 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( ids.get( 2 ), ids.get( 4 ) );
		assertThat( db.rows( "SELECT id FROM events ORDER BY id" ) ).extracting( r -> r.get( "id" ) )
				.containsExactly( ids.get( 0 ), ids.get( 1 ), ids.get( 3 ) );
		String delete = db.sql().get( db.sql().size() - 1 );
		assertThat( delete.toLowerCase( Locale.ROOT ) ).startsWith( "delete from " + db.schema() + ".events" )
				.contains( "tenant='a'" ).endsWith( "= any (?)" );
		// PostgreSQL's plan of that very statement reads events_a only; with "where id = any(?)" alone it would
		// read every partition
		String plan = db.jdbc( c -> {
			try ( PreparedStatement ps = c.prepareStatement( "EXPLAIN (COSTS OFF) " + delete ) ) {
				ps.setArray( 1, c.createArrayOf( "bigint", new Object[] { ids.get( 2 ), ids.get( 4 ) } ) );
				StringBuilder text = new StringBuilder();
				try ( ResultSet rs = ps.executeQuery() ) {
					while ( rs.next() ) {
						text.append( rs.getString( 1 ) ).append( '\n' );
					}
				}
				return text.toString();
			}
		} );
		assertThat( plan ).contains( "events_a" ).doesNotContain( "events_b" ).doesNotContain( "events_other" );
	}

	@Test
	void signalledUpdateTouchesOnlyThePartitionsItsRestrictionSelects() {
		List<Long> ids = db.fromTransaction( em -> {
			List<Long> list = new ArrayList<>();
			for ( String tenant : List.of( "a", "b", "a", "b", "a" ) ) {
				Event event = new Event( tenant, "e" + list.size(), list.size() );
				em.persist( event );
				list.add( event.id );
			}
			return list;
		} );
		Recorder<Event> updates = new Recorder<>();
		connections.add( Signals.of( db.emf() ).connect( Signal.UPDATE, Event.class, updates ) );
		db.clearSql();

		// a plain EntityManager: the factory's hook signals it
		int updated = db.fromTransaction( em -> em
				.createQuery( "update Event set hits = 100 where tenant = 'a' and hits >= 2" ).executeUpdate() );

		assertThat( updated ).isEqualTo( 2 );
		assertThat( updates.ids() ).containsExactlyInAnyOrder( ids.get( 2 ), ids.get( 4 ) );
		assertThat( db.rows( "SELECT id FROM events WHERE hits = 100 ORDER BY id" ) ).extracting( r -> r.get( "id" ) )
				.containsExactly( ids.get( 2 ), ids.get( 4 ) );
		String update = db.sql().get( db.sql().size() - 1 );
		assertThat( update.toLowerCase( Locale.ROOT ) ).startsWith( "update " + db.schema() + ".events" )
				.contains( "tenant='a'" ).endsWith( "= any (?)" );
		// PostgreSQL's plan of that very statement writes events_a only
		String plan = db.jdbc( c -> {
			try ( PreparedStatement ps = c.prepareStatement( "EXPLAIN (COSTS OFF) " + update ) ) {
				ps.setArray( 1, c.createArrayOf( "bigint", new Object[] { ids.get( 2 ), ids.get( 4 ) } ) );
				StringBuilder text = new StringBuilder();
				try ( ResultSet rs = ps.executeQuery() ) {
					while ( rs.next() ) {
						text.append( rs.getString( 1 ) ).append( '\n' );
					}
				}
				return text.toString();
			}
		} );
		assertThat( plan ).contains( "events_a" ).doesNotContain( "events_b" ).doesNotContain( "events_other" );
	}

	@Test
	void upsertsSignalCreateOrUpdateForEachWrittenRowOfEveryPartition() {
		Long a = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Event.class,
				ConflictTarget.attributes( "tenant", "name" ), Map.of( "tenant", "a", "name", "x", "hits", 1 ) ) );
		Recorder<Event> events = new Recorder<>();
		Signals signals = Signals.of( db.emf() );
		for ( Signal signal : Signal.values() ) {
			connections.add( signals.connect( signal, Event.class, events ) );
		}
		List<Map<String, Object>> result = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Event.class, ConflictTarget.attributes( "tenant", "name" ) ).doUpdate()
				.bulkInsertMaps( List.of( Map.of( "tenant", "b", "name", "x", "hits", 1 ),
						Map.of( "tenant", "a", "name", "x", "hits", 2 ), Map.of( "tenant", "q", "name", "x", "hits", 3 ) ) ) );
		assertThat( events.signals() ).containsExactly( Signal.CREATE, Signal.UPDATE, Signal.CREATE );
		assertThat( events.ids() ).containsExactly( result.get( 0 ).get( "id" ), a, result.get( 2 ).get( "id" ) );

		events.clear();
		db.inTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Event.class, ConflictTarget.attributes( "tenant", "name" ), ConflictAction.NOTHING )
				.bulkInsertMaps( List.of( Map.of( "tenant", "a", "name", "x", "hits", 9 ),
						Map.of( "tenant", "b", "name", "y", "hits", 1 ) ) ) );
		assertThat( events.signals() ).containsExactly( Signal.CREATE );
		assertThat( db.count( "events" ) ).isEqualTo( 4 );
	}
}
