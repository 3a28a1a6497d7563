package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.FilteredTag;

import org.hibernate.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An enabled {@code @Filter} does not change what an upsert writes or returns: the row the key designates. */
class FilterTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( FilteredTag.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE filteredtag" );
		db.execute( "INSERT INTO filteredtag (id, name, label) VALUES (1, 'k', 'hidden')" );
	}

	@Test
	void aRowLeftAloneThatTheFilterHidesIsStillReturned() {
		List<Object> got = db.fromTransaction( em -> {
			em.unwrap( Session.class ).enableFilter( "visible" );
			FilteredTag single = PgExtraEntityManager.of( em )
					.onConflict( FilteredTag.class, NAME, ConflictAction.NOTHING )
					.insertAndGet( Map.of( "name", "k", "label", "shown" ) );
			List<FilteredTag> bulk = PgExtraEntityManager.of( em )
					.onConflict( FilteredTag.class, NAME, ConflictAction.NOTHING )
					.bulkInsertMapsAndGet( List.of( Map.of( "name", "k", "label", "shown" ),
							Map.of( "name", "j", "label", "shown" ) ) );
			var outcome = PgExtraEntityManager.of( em ).onConflict( FilteredTag.class, NAME, ConflictAction.NOTHING )
					.insertForResult( Map.of( "name", "k", "label", "shown" ) );
			return List.of( single.id, single.label, bulk.get( 0 ).id, bulk.get( 0 ).label, bulk.get( 1 ).label,
					outcome.outcome() );
		} );
		assertThat( got ).containsExactly( 1L, "hidden", 1L, "hidden", "shown", RowOutcome.UNCHANGED );
		assertThat( db.rows( "SELECT name, label FROM filteredtag ORDER BY name" ) ).containsExactly(
				Map.of( "name", "j", "label", "shown" ), Map.of( "name", "k", "label", "hidden" ) );
	}

	@Test
	void aManagedInstanceIsRefreshedDespiteTheFilterWhichStaysEnabled() {
		List<Object> got = db.fromTransaction( em -> {
			FilteredTag managed = em.find( FilteredTag.class, 1L );
			Session session = em.unwrap( Session.class );
			session.enableFilter( "visible" );
			FilteredTag single = PgExtraEntityManager.of( em ).upsertAndGet( FilteredTag.class, NAME,
					Map.of( "name", "k", "label", "hidden" ) );
			boolean stillEnabled = session.getEnabledFilter( "visible" ) != null;
			// the filter still applies to loads by key after the call
			em.clear();
			boolean hiddenByFind = em.find( FilteredTag.class, 1L ) == null;
			return List.of( single == managed, single.label, stillEnabled, hiddenByFind );
		} );
		assertThat( got ).containsExactly( true, "hidden", true, true );
	}
}
