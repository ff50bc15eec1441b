// The reproducibility grade as a tile badge: a short word and a colour, the full label as its tooltip.
import { GRADE_LABELS, type ReproducibilityGradeId } from '../../shared/reproducibility-grade';

const SHORT: Record<ReproducibilityGradeId, string> = {
  'bit-identical-possible': '≡ bit-identical',
  'visually-identical-at-best': '≈ visual',
  'not-reproducible': '✕ not reproducible',
};

export function GradeBadge({ grade }: { grade: ReproducibilityGradeId }) {
  return (
    <span
      className={`badge grade grade-${grade}`}
      data-testid="cell-grade"
      data-grade={grade}
      title={`Reproducibility: ${GRADE_LABELS[grade]}`}
    >
      {SHORT[grade]}
    </span>
  );
}
