"""Rate an asset: 1–5 stars, comment, situation used in, outcome; prefilled if rated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QWidget,
)

from ..app import icon
from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.feedback import RatingInfo

STAR_NAMES = ("poor", "weak", "okay", "good", "excellent")


class StarsWidget(QWidget):
    """Five star buttons; keys 1–5 and ←/→ set the value."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Stars")
        self._value = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stars: list[QToolButton] = []
        for n in range(1, 6):
            button = QToolButton(self)
            button.setObjectName(f"star{n}")
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{n} star{'s' if n > 1 else ''} — {STAR_NAMES[n - 1]}")
            button.setAccessibleName(f"{n} stars")
            button.clicked.connect(lambda _checked=False, n=n: self.set_value(n))
            layout.addWidget(button)
            self.stars.append(button)
        self.label = QLabel(self)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self._paint()

    def value(self) -> int:
        return self._value

    def set_value(self, value: int) -> None:
        self._value = max(0, min(5, value))
        self._paint()
        emit(self.changed, self._value)

    def _paint(self) -> None:
        for n, button in enumerate(self.stars, start=1):
            button.setIcon(icon("star" if n <= self._value else "star-empty"))
        self.label.setText(
            f"{self._value} of 5 — {STAR_NAMES[self._value - 1]}" if self._value else "not rated"
        )
        self.setAccessibleDescription(self.label.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.set_value(int(key) - int(Qt.Key.Key_0))
        elif key == Qt.Key.Key_Right:
            self.set_value(self._value + 1)
        elif key == Qt.Key.Key_Left:
            self.set_value(max(1, self._value - 1))
        else:
            super().keyPressEvent(event)


class RateDialog(QDialog):
    def __init__(
        self,
        title: str,
        situations: list[str],
        mine: RatingInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rateDialog")
        self.setWindowTitle("Rate material")
        heading = QLabel(self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        heading.setText(title)
        self.stars = StarsWidget(self)
        self.comment = QPlainTextEdit(self)
        self.comment.setObjectName("rateComment")
        self.comment.setAccessibleName("Comment")
        self.comment.setPlaceholderText("What worked, what was missing? (optional)")
        self.comment.setTabChangesFocus(True)
        self.situation = QComboBox(self)
        self.situation.setObjectName("rateSituation")
        self.situation.setAccessibleName("Situation used in")
        self.situation.addItem("—", None)
        for label in situations:
            self.situation.addItem(label, label)
        self.helped = QRadioButton("Helped", self)
        self.not_helped = QRadioButton("Didn't help", self)
        self.no_outcome = QRadioButton("Not sure yet", self)
        self.outcome_group = QButtonGroup(self)
        for button in (self.helped, self.not_helped, self.no_outcome):
            self.outcome_group.addButton(button)
        outcome_row = QHBoxLayout()
        for button in (self.helped, self.not_helped, self.no_outcome):
            outcome_row.addWidget(button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.stars.changed.connect(self._validate)

        form = QFormLayout(self)
        form.addRow(heading)
        form.addRow("&Stars:", self.stars)
        form.addRow("&Comment:", self.comment)
        form.addRow("S&ituation:", self.situation)
        form.addRow("Outcome:", outcome_row)
        form.addRow(self.buttons)
        self._prefill(mine)
        self.stars.setFocus()

    def _prefill(self, mine: RatingInfo | None) -> None:
        self.no_outcome.setChecked(True)
        if mine is not None:
            self.setWindowTitle("Change your rating")
            self.stars.set_value(mine.stars)
            self.comment.setPlainText(mine.comment)
            if mine.situation:
                self.situation.setCurrentIndex(max(0, self.situation.findData(mine.situation)))
            {"helped": self.helped, "did-not-help": self.not_helped}.get(
                mine.outcome, self.no_outcome
            ).setChecked(True)
        self._validate()

    def _validate(self, *_args: object) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(self.stars.value() > 0)

    def values(self) -> dict[str, object]:
        outcome = (
            "helped"
            if self.helped.isChecked()
            else "did-not-help"
            if self.not_helped.isChecked()
            else ""
        )
        return {
            "stars": self.stars.value(),
            "comment": self.comment.toPlainText().strip(),
            "situation": self.situation.currentData(),
            "outcome": outcome,
        }
