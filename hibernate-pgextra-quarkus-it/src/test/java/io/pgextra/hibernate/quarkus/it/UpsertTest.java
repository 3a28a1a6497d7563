package io.pgextra.hibernate.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/** {@code @Inject PgExtraEntityManager} upserts under JTA {@code @Transactional}; {@code @Inject EntityManager} stays. */
@QuarkusTest
@WithTestResource(PgExtraPostgresResource.class)
class UpsertTest {

	@Inject
	Inventory inventory;

	@Inject
	PgExtraEntityManager pg;

	@Inject
	EntityManager em;

	@Inject
	DataSource dataSource;

	@Test
	void upsertInsertsThenUpdatesTheSameRow() throws SQLException {
		Long first = inventory.restock( "upsert-1", 5 );
		assertThat( first ).isNotNull();
		assertThat( rows( "upsert-1" ) ).containsExactly( first + ":5" );

		Long second = inventory.restock( "upsert-1", 7 );
		assertThat( second ).isEqualTo( first );
		assertThat( rows( "upsert-1" ) ).containsExactly( first + ":7" );

		// the row as Quarkus's own EntityManager reads it, in another transaction
		assertThat( inventory.find( first ).quantity ).isEqualTo( 7 );
	}

	@Test
	void bothAreInjectedAndShareTheTransactionsSession() {
		// Both injection points resolved: a PgExtraEntityManager bean of type EntityManager would make this one
		// ambiguous and fail the build. They are different beans on the same Hibernate session of the transaction.
		assertThat( em ).isNotInstanceOf( PgExtraEntityManager.class );
		QuarkusTransaction.requiringNew().run( () -> {
			assertThat( pg.unwrap( Session.class ) ).isSameAs( em.unwrap( Session.class ) );
			// what the upsert loads is in the persistence context of Quarkus's EntityManager
			Long id = pg.upsert( Item.class, ConflictTarget.attributes( "sku" ), Map.of( "sku", "shared-1", "quantity", 3 ) );
			Item managed = pg.find( Item.class, id );
			assertThat( em.contains( managed ) ).isTrue();
			assertThat( managed.quantity ).isEqualTo( 3 );
		} );
	}

	/** The rows with this sku, "id:quantity", read with plain JDBC: what is committed in the database. */
	private List<String> rows(String sku) throws SQLException {
		List<String> rows = new ArrayList<>();
		try ( Connection c = dataSource.getConnection();
				PreparedStatement ps = c.prepareStatement( "SELECT id, quantity FROM qit_item WHERE sku = ?" ) ) {
			ps.setString( 1, sku );
			try ( ResultSet rs = ps.executeQuery() ) {
				while ( rs.next() ) {
					rows.add( rs.getLong( 1 ) + ":" + rs.getInt( 2 ) );
				}
			}
		}
		return rows;
	}
}
