package io.pgextra.hibernate.test;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static io.pgextra.hibernate.ConflictExpression.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.model.Counter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which attributes an update overwrites, expressions over both rows, a condition, and per-row outcomes. */
class UpdateRefinementsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE counter" );
	}

	@Test
	void defaultOverwritesEveryGivenNonTargetAttribute() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Counter.class, NAME,
				Map.of( "name", "a", "hits", 1, "label", "one", "revision", 1L ) ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Counter.class, NAME,
				Map.of( "name", "a", "hits", 2, "label", "two" ) ) );
		assertThat( db.rows( "SELECT hits, label, revision FROM counter" ) )
				.containsExactly( Map.of( "hits", 2, "label", "two", "revision", 1L ) );
	}

	@Test
	void updatingOnlyOverwritesTheListedAttributes() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Counter.class, NAME,
				Map.of( "name", "a", "hits", 1, "label", "one" ) ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate()
				.updating( "hits" )
				.insert( Map.of( "name", "a", "hits", 5, "label", "ignored on conflict" ) ) );
		assertThat( db.rows( "SELECT hits, label FROM counter" ) ).containsExactly( Map.of( "hits", 5, "label", "one" ) );
	}

	@Test
	void expressionAddsTheProposedValueToTheExistingOne() {
		db.inTransaction( em -> {
			InsertStep<Counter> step = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate()
					.set( "hits", existing( "hits" ).plus( excluded( "hits" ) ) );
			step.insert( Map.of( "name", "a", "hits", 3 ) );
			step.insert( Map.of( "name", "a", "hits", 4 ) );
			step.bulkInsertMaps( List.of( Map.of( "name", "a", "hits", 10 ), Map.of( "name", "b", "hits", 1 ) ) );
		} );
		assertThat( db.rows( "SELECT name, hits FROM counter ORDER BY name" ) )
				.containsExactly( Map.of( "name", "a", "hits", 17 ), Map.of( "name", "b", "hits", 1 ) );
	}

	@Test
	void expressionsWithConstantsAndFunctions() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.upsert( Counter.class, NAME, Map.of( "name", "a", "hits", 1, "label", "x" ) );
			pg.onConflict( Counter.class, NAME ).doUpdate()
					.set( "hits", existing( "hits" ).times( value( 10 ) ).plus( 2 ) )
					.set( "label", ConflictExpression.coalesce( excluded( "label" ), existing( "label" ) ).concat( value( "!" ) ) )
					.insert( Map.of( "name", "a", "hits", 0 ) );
		} );
		assertThat( db.rows( "SELECT hits, label FROM counter" ) ).containsExactly( Map.of( "hits", 12, "label", "x!" ) );
	}

	@Test
	void conditionalUpdateOnlyWhenTheProposedRevisionIsNewer() {
		db.inTransaction( em -> {
			InsertStep<Counter> newer = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate()
					.where( excluded( "revision" ).gt( existing( "revision" ) ) );
			ConflictResult r1 = newer.insertForResult( Map.of( "name", "a", "hits", 1, "revision", 5L ) );
			ConflictResult r2 = newer.insertForResult( Map.of( "name", "a", "hits", 2, "revision", 4L ) );
			ConflictResult r3 = newer.insertForResult( Map.of( "name", "a", "hits", 3, "revision", 6L ) );
			assertThat( List.of( r1.outcome(), r2.outcome(), r3.outcome() ) )
					.containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED, RowOutcome.UPDATED );
			assertThat( r2.id() ).isEqualTo( r1.id() ).isEqualTo( r3.id() );
			Counter stale = newer.insertAndGet( Map.of( "name", "a", "hits", 9, "revision", 1L ) );
			assertThat( stale.hits ).isEqualTo( 3 );
		} );
		assertThat( db.rows( "SELECT hits, revision FROM counter" ) ).containsExactly( Map.of( "hits", 3, "revision", 6L ) );
	}

	@Test
	void perRowOutcomesInABulkCall() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Counter.class, NAME,
				Map.of( "name", "old", "hits", 1, "revision", 10L ) ) );
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Counter.class, NAME ).doUpdate()
				.where( excluded( "revision" ).gt( existing( "revision" ) ).or( existing( "revision" ).isNull() ) )
				.bulkInsertMapsForResults( List.of(
						Map.of( "name", "new", "hits", 1, "revision", 1L ),
						Map.of( "name", "old", "hits", 2, "revision", 5L ) ) ) );
		assertThat( results ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED );
		List<ConflictResult> again = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Counter.class, NAME ).doUpdate()
				.bulkInsertMapsForResults( List.of(
						Map.of( "name", "old", "hits", 3, "revision", 11L ),
						Map.of( "name", "newer", "hits", 1, "revision", 1L ) ) ) );
		assertThat( again ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.UPDATED, RowOutcome.INSERTED );
		assertThat( again.get( 0 ).id() ).isEqualTo( db.rows( "SELECT id FROM counter WHERE name = 'old'" ).get( 0 ).get( "id" ) );
	}

	@Test
	void badRefinementsNameTheAttribute() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			assertThatThrownBy( () -> pg.onConflict( Counter.class, NAME ).doUpdate().updating( "label" )
					.insert( Map.of( "name", "a", "hits", 1 ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "'label'" ).hasMessageContaining( "not given" );
			assertThatThrownBy( () -> pg.onConflict( Counter.class, NAME ).doUpdate()
					.set( "hitz", existing( "hits" ) ).insert( Map.of( "name", "a", "hits", 1 ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "'hitz'" ).hasMessageContaining( "hits" );
			assertThatThrownBy( () -> pg.onConflict( Counter.class, NAME ).doUpdate()
					.set( "id", value( 1 ) ).insert( Map.of( "name", "a", "hits", 1 ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "'id'" ).hasMessageContaining( "not updatable" );
			assertThatThrownBy( () -> pg.onConflict( Counter.class, NAME ).doUpdate()
					.where( excluded( "nope" ).isNull() ).insert( Map.of( "name", "a", "hits", 1 ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "'nope'" );
		} );
		assertThat( db.count( "counter" ) ).isZero();
	}
}
