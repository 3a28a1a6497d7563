package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DuplicateConflictKeyException;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.model.Counter;
import io.pgextra.hibernate.test.model.MyModel;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.TransactionRequiredException;

/** Results in input order, NOTHING included; size limits; duplicates; empty input; atomicity. */
class BulkInsertTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class, Counter.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	private static final ConflictTarget MYFIELD = ConflictTarget.attributes( "myfield" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE my_model, counter" );
	}

	private Map<String, Long> idsByMyfield() {
		Map<String, Long> ids = new HashMap<>();
		for ( Map<String, Object> row : db.rows( "SELECT myfield, id FROM my_model" ) ) {
			ids.put( (String) row.get( "myfield" ), ( (Number) row.get( "id" ) ).longValue() );
		}
		return ids;
	}

	@Test
	void resultsLineUpWithInputWhenSomeRowsConflictUnderNothing() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING )
				.bulkInsertMaps( List.of( Map.of( "myfield", "k3", "note", "old" ), Map.of( "myfield", "k7", "note", "old" ) ) ) );
		List<Map<String, Object>> input = new ArrayList<>();
		for ( int i = 9; i >= 0; i-- ) {
			input.add( Map.of( "myfield", "k" + i, "note", "new" ) );
		}
		Collections.shuffle( input, new Random( 42 ) );
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).bulkInsertMapsForResults( input ) );
		Map<String, Long> ids = idsByMyfield();
		assertThat( ids ).hasSize( 10 );
		for ( int i = 0; i < input.size(); i++ ) {
			String key = (String) input.get( i ).get( "myfield" );
			assertThat( results.get( i ).id() ).as( "row %d (%s)", i, key ).isEqualTo( ids.get( key ) );
			assertThat( results.get( i ).outcome() ).isEqualTo( key.equals( "k3" ) || key.equals( "k7" )
					? RowOutcome.UNCHANGED : RowOutcome.INSERTED );
		}
		assertThat( db.rows( "SELECT count(*) AS n FROM my_model WHERE note = 'old'" ) ).containsExactly( Map.of( "n", 2L ) );
	}

	@Test
	void duplicateKeysUnderNothingShareTheRowAndLaterOnesAreUnchanged() {
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING )
				.bulkInsertMapsForResults( List.of( Map.of( "myfield", "a", "note", "1" ), Map.of( "myfield", "b", "note", "2" ),
						Map.of( "myfield", "a", "note", "3" ) ) ) );
		assertThat( results.get( 2 ).id() ).isEqualTo( results.get( 0 ).id() );
		assertThat( results ).extracting( ConflictResult::outcome )
				.containsExactly( RowOutcome.INSERTED, RowOutcome.INSERTED, RowOutcome.UNCHANGED );
		assertThat( db.rows( "SELECT note FROM my_model WHERE myfield = 'a'" ) ).containsExactly( Map.of( "note", "1" ) );
	}

	@Test
	void duplicateKeysUnderUpdateAreRejectedNamingTheKeyAndRows() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class, MYFIELD,
				List.of( Map.of( "myfield", "a" ), Map.of( "myfield", "b" ), Map.of( "myfield", "a" ) ) ) )
				.isInstanceOf( DuplicateConflictKeyException.class )
				.hasMessageContaining( "Rows 0 and 2" )
				.hasMessageContaining( "[a]" ) );
		assertThat( db.count( "my_model" ) ).isZero();
	}

	@Test
	void ofSeveralDuplicateKeysTheFirstPairInInputOrderIsNamed() {
		// pairs (1, 3), (0, 4), (2, 5): the sort by key meets a's pair first, the message names b's, whose later row
		// comes first in the input
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class, MYFIELD,
				List.of( Map.of( "myfield", "a" ), Map.of( "myfield", "b" ), Map.of( "myfield", "c" ), Map.of( "myfield", "b" ),
						Map.of( "myfield", "a" ), Map.of( "myfield", "c" ) ) ) )
				.isInstanceOf( DuplicateConflictKeyException.class )
				.hasMessageContaining( "Rows 1 and 3" )
				.hasMessageContaining( "[b]" ) );
		assertThat( db.count( "my_model" ) ).isZero();
	}

	@Test
	void manyRowsOfOneKeyUnderNothingAllGetTheFirstRowsId() {
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		for ( int i = 0; i < 50; i++ ) {
			rows.add( Map.of( "myfield", i % 2 == 0 ? "even" : "odd", "note", String.valueOf( i ) ) );
		}
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).bulkInsertMapsForResults( rows ) );
		for ( int i = 0; i < 50; i++ ) {
			assertThat( results.get( i ).id() ).as( "row %d", i ).isEqualTo( results.get( i % 2 ).id() );
			assertThat( results.get( i ).outcome() ).as( "row %d", i )
					.isEqualTo( i < 2 ? RowOutcome.INSERTED : RowOutcome.UNCHANGED );
		}
		assertThat( db.rows( "SELECT myfield, note FROM my_model ORDER BY myfield" ) )
				.containsExactly( Map.of( "myfield", "even", "note", "0" ), Map.of( "myfield", "odd", "note", "1" ) );
	}

	@Test
	void bulkInsertAndGetReturnsManagedEntitiesInInputOrder() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.upsert( MyModel.class, MYFIELD, Map.of( "myfield", "b", "note", "old" ) );
			List<MyModel> models = pg.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).bulkInsertMapsAndGet(
					List.of( Map.of( "myfield", "c", "note", "new" ), Map.of( "myfield", "b", "note", "new" ),
							Map.of( "myfield", "a", "note", "new" ) ) );
			assertThat( models ).extracting( m -> m.myfield ).containsExactly( "c", "b", "a" );
			assertThat( models ).extracting( m -> m.note ).containsExactly( "new", "old", "new" );
			assertThat( models ).allMatch( em::contains );
		} );
	}

	@Test
	void hundredThousandRowsStayUnderTheBindParameterLimitInFewStatements() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < 100_000; i++ ) {
			rows.add( Map.of( "myfield", "key-" + i, "note", "n" + i ) );
		}
		db.clearSql();
		List<Map<String, Object>> result = db.fromTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class, MYFIELD, rows ) );
		long statements = db.sql().stream().filter( s -> s.contains( "ON CONFLICT" ) ).count();
		assertThat( statements ).isBetween( 1L, 100L );
		assertThat( result ).hasSize( 100_000 );
		Map<String, Long> ids = idsByMyfield();
		assertThat( ids ).hasSize( 100_000 );
		for ( int i = 0; i < rows.size(); i += 997 ) {
			assertThat( result.get( i ).get( "id" ) ).isEqualTo( ids.get( "key-" + i ) );
		}
		assertThat( result.get( 99_999 ).get( "id" ) ).isEqualTo( ids.get( "key-99999" ) );
	}

	@Test
	void emptyInputReturnsEmptyAndSendsNoSql() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			// warm up catalog facts so that only our statements could show
			pg.upsert( MyModel.class, MYFIELD, Map.of( "myfield", "warm" ) );
			em.flush();
			db.clearSql();
			assertThat( pg.bulkUpsertMaps( MyModel.class, MYFIELD, List.<Map<String, Object>>of() ) ).isEmpty();
			assertThat( pg.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).bulkInsertMapsAndGet( List.<Map<String, Object>>of() ) ).isEmpty();
			assertThat( db.sql() ).isEmpty();
		} );
	}

	@Test
	void noActiveTransactionIsRejectedLikeExecuteUpdate() {
		try ( var em = db.emf().createEntityManager() ) {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			assertThatThrownBy( () -> pg.upsert( MyModel.class, MYFIELD, Map.of( "myfield", "a" ) ) )
					.isInstanceOf( TransactionRequiredException.class )
					.hasMessageContaining( "transaction" );
			assertThatThrownBy( () -> pg.bulkUpsertMaps( MyModel.class, MYFIELD, List.of( Map.of( "myfield", "a" ) ) ) )
					.isInstanceOf( TransactionRequiredException.class );
		}
		assertThat( db.count( "my_model" ) ).isZero();
	}

	@Test
	void failedBulkCallLeavesNoneOfItsRowsBehind() {
		// the NOT NULL violation sits in the second statement of the call: the first one's rows must go too
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < 5_000; i++ ) {
			Map<String, Object> row = new HashMap<>();
			row.put( "name", "c" + i );
			row.put( "hits", i == 4_500 ? null : i );
			rows.add( row );
		}
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.bulkUpsertMaps( Counter.class, ConflictTarget.attributes( "name" ), rows ) ) )
				.isInstanceOf( org.hibernate.exception.ConstraintViolationException.class )
				.hasMessageContaining( "hits" );
		assertThat( db.count( "counter" ) ).isZero();
	}

	@Test
	void rowsWithDifferentAttributeNamesButTheSameCountAreRejected() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class, MYFIELD,
				List.of( Map.of( "myfield", "a", "note", "x" ), Map.of( "myfield", "b", "id", 5L ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "Row 1" )
				.hasMessageContaining( "missing [note]" )
				.hasMessageContaining( "extra [id]" ) );
	}

	@Test
	void unknownAttributeInValuesNamesItTheEntityAndTheValidNames() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em ).upsert( MyModel.class, MYFIELD,
				Map.of( "myfield", "a", "nope", 1 ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "'nope'" )
				.hasMessageContaining( "MyModel" )
				.hasMessageContaining( "[id, myfield, note]" ) );
	}
}
