package io.pgextra.hibernate.test.conflict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.test.PgExtension;

/**
 * What the tests of {@link io.pgextra.hibernate.ConflictSettings#COPY_THRESHOLD} share (one class per value of the
 * setting, as the harness builds one factory per test class): {@code MyModel} rows and the COPY statements run.
 */
final class CopySettingCalls {

	static final ConflictTarget MYFIELD = ConflictTarget.attributes( "myfield" );

	private CopySettingCalls() {
	}

	/** {@code n} rows of distinct keys {@code k0, k1, ...} */
	static List<Map<String, Object>> rows(int n) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			rows.add( Map.of( "myfield", "k" + i, "note", "n" + i ) );
		}
		return rows;
	}

	/** @return how many temporary tables (one per COPY statement) the recorded SQL created */
	static long copies(PgExtension db) {
		return db.sql().stream().filter( sql -> sql.startsWith( "CREATE TEMP TABLE" ) ).count();
	}
}
