package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.R2Item;
import io.pgextra.hibernate.test.signals.model.R2Label;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edge cases: entity operations and delivery. The harness sets hibernate.jdbc.batch_size=50. */
class EntitySignalsEdgeCasesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( R2Item.class, R2Label.class );

	private final List<SignalConnection> connections = new ArrayList<>();

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE r2item, r2_item_tag, r2_item_label, r2label" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	/** What the row holds, read on the writing session's own connection (the transaction's view). */
	private static String statusInTransaction(EntityManager em, Object id) {
		return em.unwrap( Session.class ).doReturningWork( c -> {
			try ( PreparedStatement ps = c.prepareStatement( "SELECT status FROM r2item WHERE id = ?" ) ) {
				ps.setObject( 1, id );
				try ( ResultSet rs = ps.executeQuery() ) {
					return rs.next() ? rs.getString( 1 ) : "<no row>";
				}
			}
		} );
	}

	/**
	 * README: CREATE is sent "after the row is inserted" / Delivery.IMMEDIATE "right after the row is inserted".
	 * With JDBC batching (a SEQUENCE key, batch_size 50) Hibernate's post-insert event fires when the INSERT is
	 * added to the batch, before it is executed: the receiver is told of a row that is not in the database yet.
	 */
	@Test
	void immediateCreateOfABatchedInsertComesAfterTheRowIsInserted() {
		List<String> seen = Collections.synchronizedList( new ArrayList<>() );
		db.inTransaction( em -> {
			connections.add( Signals.of( db.emf() ).connect( Signal.CREATE, R2Item.class,
					event -> seen.add( statusInTransaction( em, event.id() ) ) ) );
			em.persist( new R2Item( "a", "new" ) );
			em.persist( new R2Item( "b", "new" ) );
			em.flush();
		} );
		assertThat( seen ).as( "the row's status as the immediate CREATE receiver sees it" ).containsExactly( "new", "new" );
	}

	@Test
	void immediateUpdateOfABatchedUpdateComesAfterTheRowIsUpdated() {
		List<Long> ids = db.fromTransaction( em -> {
			R2Item a = new R2Item( "a", "old" );
			R2Item b = new R2Item( "b", "old" );
			em.persist( a );
			em.persist( b );
			return List.of( a.id, b.id );
		} );
		List<String> seen = Collections.synchronizedList( new ArrayList<>() );
		db.inTransaction( em -> {
			connections.add( Signals.of( db.emf() ).connect( Signal.UPDATE, R2Item.class,
					event -> seen.add( statusInTransaction( em, event.id() ) ) ) );
			em.find( R2Item.class, ids.get( 0 ) ).status = "new";
			em.find( R2Item.class, ids.get( 1 ) ).status = "new";
			em.flush();
		} );
		assertThat( seen ).as( "the row's status as the immediate UPDATE receiver sees it" ).containsExactly( "new", "new" );
	}

	/** Regression: README "No signal for ... a merge or flush that changes nothing". */
	@Test
	void mergeOfAnUnchangedDetachedEntitySendsNothing() {
		R2Item detached = db.fromTransaction( em -> {
			R2Item item = new R2Item( "a", "s" );
			em.persist( item );
			return item;
		} );
		List<SignalEvent<R2Item>> events = Collections.synchronizedList( new ArrayList<>() );
		connections.add( Signals.of( db.emf() ).connect( Signal.UPDATE, R2Item.class, events::add ) );
		db.inTransaction( em -> em.merge( detached ) );
		assertThat( events ).isEmpty();
	}

	/** Regression: an after-commit receiver connected mid-transaction gets the later statements only, once. */
	@Test
	void afterCommitReceiverConnectedMidTransaction() {
		List<Object> ids = Collections.synchronizedList( new ArrayList<>() );
		Long second = db.fromTransaction( em -> {
			em.persist( new R2Item( "a", "s" ) );
			em.flush();
			connections.add( Signals.of( db.emf() ).connect( Signal.CREATE, R2Item.class, Delivery.AFTER_COMMIT,
					e -> ids.add( e.id() ) ) );
			R2Item b = new R2Item( "b", "s" );
			em.persist( b );
			em.flush();
			em.clear();
			assertThat( ids ).isEmpty();
			return b.id;
		} );
		assertThat( ids ).containsExactly( second );
	}

	/** Regression: disconnecting through the handle twice. */
	@Test
	void disconnectTwice() {
		SignalConnection c = Signals.of( db.emf() ).connect( Signal.CREATE, R2Item.class, e -> {
		} );
		assertThat( c.disconnect() ).isTrue();
		assertThat( c.disconnect() ).isFalse();
		assertThat( c.isConnected() ).isFalse();
	}
}
