package io.pgextra.hibernate.internal.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.hibernate.engine.spi.SessionImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each stage of a call on its own (white-box: the stages are package-private), against a real PostgreSQL for the
 * catalog and the session: plan, convert, bind, render, read back, and the key order.
 */
class ConflictStagesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private <R> R withCall(ConflictAction action, Function<ConflictCall, R> work) {
		return db.fromTransaction( em -> {
			SessionImplementor session = em.unwrap( SessionImplementor.class );
			TableModel model = TableModel.forEntity( session.getFactory(), Tally.class );
			return work.apply( new ConflictCall( session, model, ConflictTarget.attributes( "name" ), action, null,
					Map.of(), null ) );
		} );
	}

	private static Map<String, Object> given(String name, Object hits) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put( "name", name );
		row.put( "hits", hits );
		return row;
	}

	@Test
	void planBindsGivenThenGeneratedColumnsAndKnowsTheKey() {
		withCall( ConflictAction.UPDATE, call -> {
			ConflictPlan plan = new ConflictPlan( call, Set.of( "name", "hits" ) );
			assertThat( plan.boundColumns ).extracting( TableModel.Column::catalogName )
					.containsExactly( "hits", "name", "id", "version" );
			assertThat( plan.conflictTarget ).isEqualTo( "(\"name\")" );
			assertThat( plan.keyInInput ).isTrue();
			assertThat( plan.idKey ).isNotNull(); // the sequence id is in the input: NULL-key rows match by id
			Object[] row = plan.materialize( given( "a", 1 ), null, 0 );
			assertThat( plan.keyOf( row ) ).containsExactly( "a" );
			row[1] = null;
			assertThat( plan.keyOf( row ) ).isNull();
			return null;
		} );
	}

	@Test
	void converterCoercesLosslesslyOrNamesTheRow() {
		withCall( ConflictAction.UPDATE, call -> {
			ConflictPlan plan = new ConflictPlan( call, Set.of( "name", "hits" ) );
			ValueConverter converter = new ValueConverter( call, plan );
			Object[] row = plan.materialize( given( "a", 2.0 ), null, 4 );
			converter.convert( row, 4 );
			assertThat( row[0] ).isEqualTo( 2 );
			Object[] bad = plan.materialize( given( "a", 2.5 ), null, 7 );
			assertThatThrownBy( () -> converter.convert( bad, 7 ) ).isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "Row 7" ).hasMessageContaining( "attribute 'hits'" )
					.hasMessageContaining( "java.lang.Double (2.5)" );
			return null;
		} );
	}

	@Test
	void binderUsesOneArrayPerColumnOrOneParameterPerValue() {
		withCall( ConflictAction.UPDATE, call -> {
			ConflictPlan plan = new ConflictPlan( call, Set.of( "name", "hits" ) );
			Object[][] rows = { plan.materialize( given( "a", 1 ), null, 0 ), plan.materialize( given( "b", 2 ), null, 1 ) };
			RowBinder binder = new RowBinder( call, plan );
			RowBinder.BoundRows arrays = binder.arrays( rows, List.of( 0, 1 ) );
			assertThat( arrays.arrays() ).isTrue();
			assertThat( arrays.bindings() ).hasSize( 4 );
			assertThat( (Object[]) arrays.bindings().get( 1 ).value() ).containsExactly( "a", "b" );
			assertThat( binder.values( rows, List.of( 1, 0 ) ).bindings() ).extracting( ConflictCall.Binding::value )
					.startsWith( 2, "b" ).hasSize( 8 );
			return null;
		} );
	}

	@Test
	void rendererLocksRowsLeftAloneOnlyWhenRowsMayBeLeftAlone() {
		String nothing = withCall( ConflictAction.NOTHING, call -> render( call, false ) );
		// a text key (name) and a bigint identifier compare in Java as in PostgreSQL: matched in Java, no join
		assertThat( nothing ).contains( "FOR SHARE OF pgx_e" ).contains( "CAST(NULL AS bigint) AS pgx_ord FROM pgx_up" )
				.doesNotContain( "LEFT JOIN pgx_in" ).contains( "ORDER BY pgx_q.pgx_ord FOR SHARE" );
		String update = withCall( ConflictAction.UPDATE, call -> render( call, false ) );
		assertThat( update ).doesNotContain( "FOR SHARE" ).doesNotContain( "UNION ALL" ).doesNotContain( "LEFT JOIN" );
		String byId = withCall( ConflictAction.NOTHING, call -> render( call, true ) );
		assertThat( byId ).contains( "pgx_t.\"id\" AS pgx_k0" ).doesNotContain( "LEFT JOIN" ).doesNotContain( "FOR SHARE" );
	}

	private static String render(ConflictCall call, boolean byId) {
		ConflictPlan plan = new ConflictPlan( call, Set.of( "name", "hits" ) );
		UpdateClause update = call.action == ConflictAction.UPDATE ? new UpdateClause( call, plan ) : null;
		Object[][] rows = { plan.materialize( given( "a", 1 ), null, 0 ), plan.materialize( given( "b", 2 ), null, 1 ) };
		RowBinder.BoundRows bound = new RowBinder( call, plan ).arrays( rows, List.of( 0, 1 ) );
		return new StatementRenderer( call, plan, update ).render( bound, ConflictExecution.Mode.IDS, byId ).sql();
	}

	@Test
	void readerPutsRowsAtTheirInputPositionAndReturnsRowsThatMatchNoInput() {
		withCall( ConflictAction.UPDATE, call -> {
			ConflictExecution.RowResult[] results = new ConflictExecution.RowResult[3];
			List<Object[]> rows = new ArrayList<>();
			rows.add( new Object[] { 10L, "k", true, 2 } );
			rows.add( new Object[] { 11L, "x", true, null } );
			List<ConflictExecution.RowResult> unmatched = new ResultReader( call ).read( rows,
					new StatementRenderer.Statement( "", List.of() ), new Object[3][], null, List.of( 0, 2, 1 ),
					ConflictExecution.Mode.IDS, results );
			assertThat( Arrays.asList( results ) ).extracting( r -> r == null ? null : r.id() ).containsExactly( null, null, 10L ); // ord 2 is the chunk's second row: input 2
			assertThat( unmatched ).extracting( ConflictExecution.RowResult::id ).containsExactly( 11L );
			return null;
		} );
	}

	@Test
	void readerMatchesRowsByKeyInJavaWhenTheStatementReturnsNoPosition() {
		withCall( ConflictAction.NOTHING, call -> {
			ConflictPlan plan = new ConflictPlan( call, Set.of( "name", "hits" ) );
			int name = plan.keyColumnIndexes[0];
			Object[][] input = new Object[4][];
			String[] names = { "k", "x", "k", "y" };
			for ( int i = 0; i < 4; i++ ) {
				input[i] = plan.materialize( given( names[i], i ), null, i );
			}
			ConflictExecution.RowResult[] results = new ConflictExecution.RowResult[4];
			List<Object[]> rows = new ArrayList<>();
			rows.add( new Object[] { 10L, "k", true, null } );
			rows.add( new Object[] { 11L, "z", true, null } ); // a key no input row proposed
			rows.add( new Object[] { 12L, "y", null, 3 } ); // left alone: its position given
			for ( Object[] keys : Arrays.asList( null, Arrays.stream( input ).map( plan::keyObject ).toArray() ) ) {
				// the keys read from the rows, or the call's keys (ConflictPlan.keyObject): the same matches
				Arrays.fill( results, null );
				List<ConflictExecution.RowResult> unmatched = new ResultReader( call ).read( rows,
						new StatementRenderer.Statement( "", List.of(), plan.key, new int[] { name } ), input, keys,
						List.of( 2, 0, 3, 1 ), ConflictExecution.Mode.IDS, results );
				// both rows proposing k get k's row (DO NOTHING: the later one is settled UNCHANGED afterwards)
				assertThat( Arrays.asList( results ) ).extracting( r -> r == null ? null : r.id() )
						.containsExactly( 10L, null, 10L, 12L );
				assertThat( unmatched ).extracting( ConflictExecution.RowResult::id ).containsExactly( 11L );
			}
			return null;
		} );
	}

	@Test
	void rendererReusesTheSqlOfAShapeWithTheNewCallsBindings() {
		withCall( ConflictAction.UPDATE, call -> {
			ConflictPlan plan = new ConflictPlan( call, Set.of( "name", "hits" ) );
			StatementRenderer renderer = new StatementRenderer( call, plan, new UpdateClause( call, plan ) );
			Object[][] rows = { plan.materialize( given( "a", 1 ), null, 0 ), plan.materialize( given( "b", 2 ), null, 1 ) };
			RowBinder binder = new RowBinder( call, plan );
			StatementRenderer.Statement first = renderer.render( binder.values( rows, List.of( 0 ) ), ConflictExecution.Mode.IDS, false );
			StatementRenderer.Statement second = renderer.render( binder.values( rows, List.of( 1 ) ), ConflictExecution.Mode.IDS, false );
			assertThat( second.sql() ).isSameAs( first.sql() );
			assertThat( second.bindings() ).extracting( ConflictCall.Binding::value ).contains( "b" ).doesNotContain( "a" );
			// another shape (two rows) is rendered, not taken from the cache
			StatementRenderer.Statement two = renderer.render( binder.values( rows, List.of( 0, 1 ) ), ConflictExecution.Mode.IDS, false );
			assertThat( two.sql() ).isNotEqualTo( first.sql() );
			return null;
		} );
	}

	@Test
	void statementCacheIsBounded() {
		StatementCache cache = new StatementCache();
		for ( int i = 0; i < StatementCache.MAX_ENTRIES * 3; i++ ) {
			cache.put( new StatementCache.Shape( null, null, null, null, null, null, null, List.of(), null, null, null, null,
					ConflictExecution.Mode.IDS, false, false, false, i ), new StatementRenderer.Statement( "s" + i, List.of() ) );
			assertThat( cache.size() ).isLessThanOrEqualTo( StatementCache.MAX_ENTRIES );
		}
	}

	@Test
	void keyOrderIsTotalAndConsistentAcrossTypes() {
		List<List<Object>> keys = new ArrayList<>( List.of( List.of( "b", 2 ), List.of( "a", 9 ), List.of( "b", 1 ),
				List.of( 3L, 1 ) ) );
		keys.sort( KeyOrder.INSTANCE );
		assertThat( keys ).containsExactly( List.of( 3L, 1 ), List.of( "a", 9 ), List.of( "b", 1 ), List.of( "b", 2 ) );
	}

	@Test
	void keyOrderByPositionIsTheOrderOfTheKeysAsLists() {
		// one part, one Comparable class (the direct comparison), mixed classes, several parts: the order of the
		// rows is the order KeyOrder gives their keys as lists, stable for equal keys
		Object[][] cases = {
				{ "b", "a", "c", "a" },
				{ "b", 2L, "a", 1L, java.util.UUID.fromString( "00000000-0000-0000-0000-000000000001" ) },
				{ new ConflictPlan.KeyParts( new Object[] { "b", 2 } ), new ConflictPlan.KeyParts( new Object[] { "a", 9 } ),
						new ConflictPlan.KeyParts( new Object[] { "b", 1 } ), new ConflictPlan.KeyParts( new Object[] { 3L, 1 } ) } };
		for ( Object[] keys : cases ) {
			List<Integer> positions = new ArrayList<>();
			for ( int i = 0; i < keys.length; i++ ) {
				positions.add( i );
			}
			List<Integer> expected = new ArrayList<>( positions );
			expected.sort( ( a, b ) -> KeyOrder.INSTANCE.compare( asList( keys[a] ), asList( keys[b] ) ) );
			positions.sort( KeyOrder.byPosition( keys, positions ) );
			assertThat( positions ).isEqualTo( expected );
		}
		assertThat( sorted( new Object[] { "b", "a", "c", "a" } ) ).containsExactly( 1, 3, 0, 2 );
	}

	@Test
	void keySortGivesKeyOrdersStableOrderForStringAndIntegralKeys() {
		java.util.SplittableRandom random = new java.util.SplittableRandom( 13 );
		String[] alphabet = { "", "a", "b", "ab", "\u0000", "\uffff", "\u8000", "\ud83d\ude00", "\ue000", "é", "Z", "sku-" };
		for ( int trial = 0; trial < 300; trial++ ) {
			int n = 1 + random.nextInt( trial < 100 ? 40 : 3000 );
			int kind = trial % 4;
			String prefix = trial % 3 == 0 ? "common-prefix/" : "";
			Object[] keys = new Object[n + 5];
			List<Integer> positions = new ArrayList<>();
			for ( int i = 0; i < keys.length; i++ ) {
				if ( i % 7 == 3 ) {
					continue; // positions not in the batch (keyless rows) are never read
				}
				positions.add( i );
				keys[i] = switch ( kind ) {
					case 0 -> {
						StringBuilder key = new StringBuilder( prefix );
						for ( int parts = random.nextInt( 4 ); parts > 0; parts-- ) {
							key.append( alphabet[random.nextInt( alphabet.length )] );
						}
						yield key.toString();
					}
					case 1 -> random.nextInt( 3 ) == 0 ? Long.MIN_VALUE + random.nextInt( 3 )
							: random.nextInt( 3 ) == 0 ? Long.MAX_VALUE - random.nextInt( 3 ) : (long) random.nextInt( -50, 50 );
					case 2 -> random.nextInt( -100, 100 );
					default -> random.nextBoolean() ? (Object) ( "k" + random.nextInt( 20 ) ) : (Object) (long) random.nextInt( 20 ); // mixed: general path
				};
			}
			List<Integer> expected = new ArrayList<>( positions );
			expected.sort( ( a, b ) -> KeyOrder.INSTANCE.compare( asList( keys[a] ), asList( keys[b] ) ) );
			assertThat( KeySort.sort( keys, positions ) ).as( "trial %d", trial ).isEqualTo( expected );
		}
	}

	@Test
	void packedCharsOrderAsTheString() {
		assertThat( Long.compareUnsigned( KeySort.pack( "ab", 0 ), KeySort.pack( "abc", 0 ) ) ).isNegative();
		assertThat( Long.compareUnsigned( KeySort.pack( "\uffff", 0 ), KeySort.pack( "a", 0 ) ) ).isPositive();
		assertThat( KeySort.pack( "xxab", 2 ) ).isEqualTo( KeySort.pack( "ab", 0 ) );
	}

	private static List<Integer> sorted(Object[] keys) {
		List<Integer> positions = new ArrayList<>( List.of( 0, 1, 2, 3 ) );
		positions.sort( KeyOrder.byPosition( keys, positions ) );
		return positions;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> asList(Object key) {
		return key instanceof ConflictPlan.KeyParts parts ? parts : List.of( key );
	}
}
