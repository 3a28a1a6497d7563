package io.pgextra.hibernate.internal.conflict;

import java.util.Comparator;
import java.util.List;

/**
 * The order in which a call sends its rows: by conflict key. PostgreSQL locks the conflicting rows in the order it
 * inserts them; two calls that lock the same keys in different orders can each wait for the other (a deadlock,
 * {@code 40P01}). When every call sends its rows in one total order of the keys, no two calls wait for each other in
 * a cycle. The order only has to be the same in every JVM and call, not PostgreSQL's collation: values of one
 * {@link Comparable} class compare naturally, anything else by class name and then by text.
 */
final class KeyOrder implements Comparator<List<Object>> {

	static final KeyOrder INSTANCE = new KeyOrder();

	private KeyOrder() {
	}

	/**
	 * The same order over the rows' keys as {@link #compare}, on the keys of {@link ConflictPlan#keyObject} (a value,
	 * or a list of parts) by row position. Keys of one part that are all of one {@link Comparable} class compare
	 * directly: sorting 100,000 rows spent a fifth of a bulk call's client CPU in the general comparison (JFR,
	 * BENCHMARKS.md).
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Comparator<Integer> byPosition(Object[] keys, List<Integer> positions) {
		Class<?> common = null;
		for ( Integer i : positions ) {
			Object key = keys[i];
			if ( key == null || !( key instanceof Comparable<?> )
					|| common != null && key.getClass() != common ) {
				common = null;
				break;
			}
			common = key.getClass();
		}
		if ( common != null ) {
			return ( a, b ) -> ( (Comparable) keys[a] ).compareTo( keys[b] );
		}
		return ( a, b ) -> compareKeys( keys[a], keys[b] );
	}

	private static int compareKeys(Object a, Object b) {
		if ( a instanceof ConflictPlan.KeyParts la && b instanceof ConflictPlan.KeyParts lb ) {
			// keys of several parts (a single part's value may itself be a List: compared as a value)
			return INSTANCE.compare( la, lb );
		}
		return compareValues( a, b );
	}

	@Override
	public int compare(List<Object> a, List<Object> b) {
		for ( int i = 0; i < a.size(); i++ ) {
			int c = compareValues( a.get( i ), b.get( i ) );
			if ( c != 0 ) {
				return c;
			}
		}
		return 0;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static int compareValues(Object a, Object b) {
		if ( a == b ) {
			return 0;
		}
		if ( a == null || b == null ) {
			return a == null ? -1 : 1;
		}
		if ( a.getClass() == b.getClass() && a instanceof Comparable comparable ) {
			return comparable.compareTo( b );
		}
		int c = a.getClass().getName().compareTo( b.getClass().getName() );
		return c != 0 ? c : String.valueOf( a ).compareTo( String.valueOf( b ) );
	}
}
