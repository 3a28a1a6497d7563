package io.pgextra.hibernate.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/** {@code @Inject Signals}: immediate and after-commit receivers, under Quarkus's JTA transactions. */
@QuarkusTest
@WithTestResource(PgExtraPostgresResource.class)
class SignalsTest {

	@Inject
	Inventory inventory;

	@Inject
	Signals signals;

	@Inject
	EntityManager em;

	@Inject
	DataSource dataSource;

	@Test
	@SuppressWarnings("try") // the connections are only closed
	void immediateReceiverGetsTheUpsertInsideTheTransaction_afterCommitOnlyAfterTheCommit() {
		List<String> immediate = new CopyOnWriteArrayList<>();
		List<String> afterCommit = new CopyOnWriteArrayList<>();
		try ( SignalConnection i = signals.connectAll( Item.class, Delivery.IMMEDIATE,
				e -> immediate.add( e.signal() + ":" + e.id() ) );
				SignalConnection a = signals.connectAll( Item.class, Delivery.AFTER_COMMIT,
						e -> afterCommit.add( e.signal() + ":" + e.id() ) ) ) {
			Long id = QuarkusTransaction.requiringNew().call( () -> {
				Long created = inventory.restock( "signal-1", 1 );   // @Transactional joins this transaction
				assertThat( immediate ).containsExactly( "CREATE:" + created );
				assertThat( afterCommit ).isEmpty();
				return created;
			} );
			assertThat( afterCommit ).containsExactly( "CREATE:" + id );

			inventory.restock( "signal-1", 2 );   // a transaction of its own (@Transactional)
			assertThat( immediate ).containsExactly( "CREATE:" + id, "UPDATE:" + id );
			assertThat( afterCommit ).containsExactly( "CREATE:" + id, "UPDATE:" + id );
		}
	}

	@Test
	@SuppressWarnings("try") // the connection is only closed
	void bulkUpdateThroughQuarkussEntityManagerIsSignalledPerRow() {
		// needs hibernate.query.sqm.translator (application.properties): without it, bulk statements run unsignalled
		Long a = inventory.restock( "bulk-a", 1 );
		Long b = inventory.restock( "bulk-b", 1 );
		List<String> afterCommit = new CopyOnWriteArrayList<>();
		try ( SignalConnection c = signals.connect( Signal.UPDATE, Item.class, Delivery.AFTER_COMMIT,
				e -> afterCommit.add( e.signal() + ":" + e.id() ) ) ) {
			int updated = QuarkusTransaction.requiringNew().call( () -> em.createQuery(
					"update Item set quantity = quantity + 1 where sku in ('bulk-a', 'bulk-b')" ).executeUpdate() );
			assertThat( updated ).isEqualTo( 2 );
			assertThat( afterCommit ).containsExactlyInAnyOrder( "UPDATE:" + a, "UPDATE:" + b );
		}
	}

	@Test
	void receiverConnectedAtStartupCountsCommittedUpdates() {
		inventory.restock( "signal-startup", 1 );   // CREATE: not counted
		long before = inventory.restocked();
		inventory.restock( "signal-startup", 2 );
		inventory.restock( "signal-startup", 3 );
		assertThat( inventory.restocked() ).isEqualTo( before + 2 );
	}

	@Test
	@SuppressWarnings("try") // the connections are only closed
	void rollbackLeavesNoRowAndDeliversNoAfterCommitSignal() throws SQLException {
		List<String> immediate = new CopyOnWriteArrayList<>();
		List<String> afterCommit = new CopyOnWriteArrayList<>();
		long restockedBefore = inventory.restocked();
		inventory.restock( "signal-rollback-existing", 1 );
		try ( SignalConnection i = signals.connectAll( Item.class, Delivery.IMMEDIATE,
				e -> immediate.add( e.signal() + ":" + e.id() ) );
				SignalConnection a = signals.connectAll( Item.class, Delivery.AFTER_COMMIT,
						e -> afterCommit.add( e.signal() + ":" + e.id() ) ) ) {
			assertThatThrownBy( () -> QuarkusTransaction.requiringNew().run( () -> {
				inventory.restock( "signal-rollback-new", 1 );
				inventory.restock( "signal-rollback-existing", 9 );
				throw new IllegalStateException( "roll back" );
			} ) ).isInstanceOf( IllegalStateException.class ).hasMessage( "roll back" );

			assertThat( immediate ).extracting( s -> s.substring( 0, s.indexOf( ':' ) ) )
					.containsExactly( "CREATE", "UPDATE" );
			assertThat( afterCommit ).isEmpty();
		}
		assertThat( quantity( "signal-rollback-new" ) ).isNull();
		assertThat( quantity( "signal-rollback-existing" ) ).isEqualTo( 1 );
		assertThat( inventory.restocked() ).isEqualTo( restockedBefore );
	}

	/** The committed quantity of the item with this sku, {@code null} when there is no such row. */
	private Integer quantity(String sku) throws SQLException {
		try ( Connection c = dataSource.getConnection();
				PreparedStatement ps = c.prepareStatement( "SELECT quantity FROM qit_item WHERE sku = ?" ) ) {
			ps.setString( 1, sku );
			try ( ResultSet rs = ps.executeQuery() ) {
				return rs.next() ? rs.getInt( 1 ) : null;
			}
		}
	}
}
