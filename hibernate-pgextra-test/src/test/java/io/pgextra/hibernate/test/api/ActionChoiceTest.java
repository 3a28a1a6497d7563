package io.pgextra.hibernate.test.api;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DoUpdateStep;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.OnConflictStep;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Counter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The action chosen at run time with one chain of calls: {@code onConflict(class, target, action)} is refinable,
 * the refinements apply under UPDATE and have no effect under NOTHING; {@code doUpdate()}/{@code doNothing()} and
 * the deprecated names behave the same.
 */
class ActionChoiceTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE counter" );
		db.execute( "INSERT INTO counter (id, name, hits, label) VALUES (1, 'a', 10, 'old'), (2, 'b', 10, 'old')" );
	}

	/** The same code for both actions: no branch on the action. */
	private static ConflictResult add(PgExtraEntityManager pg, ConflictAction action, String name, int hits) {
		return pg.onConflict( Counter.class, NAME, action )
				.updating( "label" )
				.set( "hits", existing( "hits" ).plus( excluded( "hits" ) ) )
				.where( existing( "hits" ).lt( 100 ) )
				.insertForResult( Map.of( "name", name, "hits", hits, "label", "new" ) );
	}

	@Test
	void refinementsApplyUnderUpdate() {
		ConflictResult result = db.fromTransaction( em -> add( PgExtraEntityManager.of( em ), ConflictAction.UPDATE, "a", 5 ) );
		assertThat( result.outcome() ).isEqualTo( RowOutcome.UPDATED );
		assertThat( db.rows( "SELECT name, hits, label FROM counter ORDER BY name" ) ).containsExactly(
				Map.of( "name", "a", "hits", 15, "label", "new" ), Map.of( "name", "b", "hits", 10, "label", "old" ) );
	}

	@Test
	void whereOfARunTimeUpdateLeavesRowsAlone() {
		db.execute( "UPDATE counter SET hits = 100 WHERE name = 'a'" );
		ConflictResult result = db.fromTransaction( em -> add( PgExtraEntityManager.of( em ), ConflictAction.UPDATE, "a", 5 ) );
		assertThat( result.outcome() ).isEqualTo( RowOutcome.UNCHANGED );
		assertThat( db.rows( "SELECT hits, label FROM counter WHERE name = 'a'" ) )
				.containsExactly( Map.of( "hits", 100, "label", "old" ) );
	}

	@Test
	void refinementsHaveNoEffectUnderNothing() {
		List<ConflictResult> results = db.fromTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			return List.of( add( pg, ConflictAction.NOTHING, "a", 5 ), add( pg, ConflictAction.NOTHING, "c", 7 ) );
		} );
		assertThat( results ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.UNCHANGED, RowOutcome.INSERTED );
		assertThat( results.get( 0 ).id() ).isEqualTo( 1L );
		assertThat( db.rows( "SELECT name, hits, label FROM counter ORDER BY name" ) ).containsExactly(
				Map.of( "name", "a", "hits", 10, "label", "old" ), Map.of( "name", "b", "hits", 10, "label", "old" ),
				Map.of( "name", "c", "hits", 7, "label", "new" ) );
	}

	@Test
	void doUpdateAndDoNothingReadAsJooqAndHibernate() {
		db.inTransaction( em -> {
			OnConflictStep<Counter> step = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME );
			DoUpdateStep<Counter> update = step.doUpdate().set( "hits", existing( "hits" ).times( 3 ) );
			InsertStep<Counter> nothing = step.doNothing();
			assertThat( update.<Long>insert( Map.of( "name", "a", "hits", 0 ) ) ).isEqualTo( 1L );
			assertThat( nothing.insertForResult( Map.of( "name", "b", "hits", 0 ) ).outcome() ).isEqualTo( RowOutcome.UNCHANGED );
		} );
		assertThat( db.rows( "SELECT name, hits FROM counter ORDER BY name" ) ).containsExactly(
				Map.of( "name", "a", "hits", 30 ), Map.of( "name", "b", "hits", 10 ) );
	}

	@Test
	@SuppressWarnings("deprecation")
	void deprecatedNamesStillWork() {
		db.inTransaction( em -> {
			OnConflictStep<Counter> step = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME );
			step.onConflictDoUpdate().updating( "hits" ).insert( Map.of( "name", "a", "hits", 1 ) );
			step.onConflictDoNothing().insert( Map.of( "name", "b", "hits", 1 ) );
		} );
		assertThat( db.rows( "SELECT name, hits FROM counter ORDER BY name" ) ).containsExactly(
				Map.of( "name", "a", "hits", 1 ), Map.of( "name", "b", "hits", 10 ) );
	}

	@Test
	void theThreeArgumentFormStillAssignsToInsertStep() {
		InsertStep<Counter> step = db.fromTransaction( em -> {
			InsertStep<Counter> s = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME, ConflictAction.UPDATE );
			s.insert( Map.of( "name", "b", "hits", 2 ) );
			return s;
		} );
		assertThat( step ).isInstanceOf( DoUpdateStep.class );
		assertThat( db.rows( "SELECT hits FROM counter WHERE name = 'b'" ) ).containsExactly( Map.of( "hits", 2 ) );
	}
}
