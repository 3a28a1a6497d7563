package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.hibernate.Filter;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.internal.FilterImpl;

/**
 * The entity an upsert returns is the row its conflict key designates, which the call wrote or locked. A session
 * filter that applies to loads by key ({@code @FilterDef(applyToLoadByKey = true)}) would make the refresh or load
 * of that row fail with {@code EntityNotFoundException} (or return {@code null}) although the row exists, so those
 * filters are suspended around the call's own loads and enabled again, with their parameters, afterwards.
 */
final class LoadByKeyFilters {

	private LoadByKeyFilters() {
	}

	static <R> R suspended(SharedSessionContractImplementor session, Supplier<R> load) {
		LoadQueryInfluencers influencers = session.getLoadQueryInfluencers();
		if ( !influencers.hasEnabledFilters() ) {
			return load.get();
		}
		List<Filter> suspended = new ArrayList<>();
		for ( Filter filter : List.copyOf( influencers.getEnabledFilters().values() ) ) {
			if ( filter.isAppliedToLoadByKey() ) {
				suspended.add( filter );
				influencers.disableFilter( filter.getName() );
			}
		}
		try {
			return load.get();
		}
		finally {
			for ( Filter filter : suspended ) {
				Filter again = influencers.enableFilter( filter.getName() );
				if ( filter instanceof FilterImpl impl ) {
					for ( Map.Entry<String, ?> parameter : impl.getParameters().entrySet() ) {
						if ( parameter.getValue() instanceof Collection<?> values ) {
							again.setParameterList( parameter.getKey(), values );
						}
						else {
							again.setParameter( parameter.getKey(), parameter.getValue() );
						}
					}
				}
			}
		}
	}
}
