package io.pgextra.hibernate.test.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.partition.model.Event;
import io.pgextra.hibernate.test.partition.model.Reading;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A signalled bulk {@code delete} on a partitioned table keeps its restriction, so PostgreSQL prunes partitions. */
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

		Map<String, Long> scans = db.fromTransaction( em -> {
			int deleted = PgExtraEntityManager.of( em )
					.createQuery( "delete from Event where tenant = 'a' and hits >= 2" ).executeUpdate();
			assertThat( deleted ).isEqualTo( 2 );
			return Map.of( "events_a", scans( em, "events_a" ), "events_b", scans( em, "events_b" ),
					"events_other", scans( em, "events_other" ) );
		} );

		assertThat( deletes.ids() ).containsExactlyInAnyOrder( ids.get( 2 ), ids.get( 4 ) );
		assertThat( db.rows( "SELECT id FROM events ORDER BY id" ) ).extracting( r -> r.get( "id" ) )
				.containsExactly( ids.get( 0 ), ids.get( 1 ), ids.get( 3 ) );
		String delete = db.sql().get( db.sql().size() - 1 ).toLowerCase();
		assertThat( delete ).startsWith( "delete from " + db.schema() + ".events" ).contains( "tenant='a'" )
				.endsWith( "= any (?)" );
		// the SELECT ... FOR NO KEY UPDATE and the DELETE both read events_a only: without the restriction in the
		// DELETE, PostgreSQL would scan every partition for the ids
		assertThat( scans.get( "events_a" ) ).isPositive();
		assertThat( scans.get( "events_b" ) ).isZero();
		assertThat( scans.get( "events_other" ) ).isZero();
	}

	/** Sequential plus index scans of a table in the current transaction, from its backend's own statistics. */
	private static long scans(EntityManager em, String table) {
		return em.unwrap( Session.class ).doReturningWork( c -> {
			try ( PreparedStatement ps = c.prepareStatement( "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0)"
					+ " FROM pg_catalog.pg_stat_xact_user_tables WHERE relid = pg_catalog.to_regclass(?)" ) ) {
				ps.setString( 1, db.schema() + "." + table );
				try ( ResultSet rs = ps.executeQuery() ) {
					return rs.next() ? rs.getLong( 1 ) : 0L;
				}
			}
		} );
	}
}
